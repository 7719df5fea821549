package nl.hartketen.workflow.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import nl.hartketen.application.storage.IndexEntry;
import org.hl7.fhir.r4.model.Resource;

/**
 * The search parameters we support, per resource type: what each is called, what kind it is, and how its
 * values are taken from a resource. The one source for indexing, for parsing searches and for the
 * CapabilityStatement, so the three cannot disagree.
 */
public final class SearchParameters {

    public enum Kind {
        TOKEN,
        STRING,
        REFERENCE,
        DATE
    }

    /**
     * {@code targetType}: for references, the type a bare id ("subject=123") refers to. {@code indexedAs}: the
     * parameter whose index entries a search on this one reads, its own name unless it searches another's (see
     * {@link Builder#patientOf}).
     */
    public record Definition(
            String name,
            Kind kind,
            String description,
            String targetType,
            Function<Resource, List<IndexEntry>> extractor,
            String indexedAs) {

        /** Whether it searches the entries of another parameter and has none of its own. */
        public boolean searchesAnother() {
            return !indexedAs.equals(name);
        }
    }

    private final Map<String, Map<String, Definition>> byType = new LinkedHashMap<>();
    /** Per type, the reference search parameters _include may follow and the element each one reads. */
    private final Map<String, Map<String, String>> includes = new LinkedHashMap<>();

    /** Starts the definitions of {@code type}'s parameters; each stored type's handler adds its own. */
    public <T extends Resource> Builder<T> define(Class<T> type) {
        return new Builder<>(type);
    }

    public Collection<Definition> forType(String type) {
        return byType.getOrDefault(type, Map.of()).values();
    }

    public Optional<Definition> find(String type, String name) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(name));
    }

    /** The search parameters of {@code type} that _include may follow ({@code _include=Task:owner}). */
    public Set<String> includes(String type) {
        return includes.getOrDefault(type, Map.of()).keySet();
    }

    /** The reference element an _include parameter follows, e.g. Task:subject follows Task.for. */
    public Optional<String> includedElement(String type, String parameter) {
        return Optional.ofNullable(includes.getOrDefault(type, Map.of()).get(parameter));
    }

    /** Everything of this resource that can be searched for. */
    public List<IndexEntry> index(Resource resource) {
        List<IndexEntry> entries = new ArrayList<>();
        for (Definition definition : forType(resource.fhirType())) {
            entries.addAll(definition.extractor().apply(resource));
        }
        return entries;
    }

    /** The parameters of one type, defined one after the other. */
    public final class Builder<T extends Resource> {
        private final Class<T> type;
        private final Map<String, Definition> definitions = new LinkedHashMap<>();

        Builder(Class<T> type) {
            this.type = type;
            byType.put(type.getSimpleName(), definitions);
        }

        public Builder<T> token(String name, String description, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.TOKEN, description, null, extractor);
        }

        public Builder<T> string(String name, String description, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.STRING, description, null, extractor);
        }

        public Builder<T> reference(
                String name, String description, String targetType, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.REFERENCE, description, targetType, extractor);
        }

        public Builder<T> date(String name, String description, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.DATE, description, null, extractor);
        }

        /**
         * {@code patient}: the patients among the references of {@code reference}, a parameter defined before. It reads
         * that parameter's index entries, so that a write does not index the same reference twice.
         */
        public Builder<T> patientOf(String reference, String description) {
            if (definitions.get(reference) == null || definitions.get(reference).kind() != Kind.REFERENCE) {
                throw new IllegalArgumentException(reference + " is not a reference parameter defined before");
            }
            definitions.put(
                    "patient",
                    new Definition("patient", Kind.REFERENCE, description, "Patient", r -> List.of(), reference));
            return this;
        }

        public Builder<T> include(String parameter, String element) {
            includes.computeIfAbsent(type.getSimpleName(), ignored -> new LinkedHashMap<>())
                    .put(parameter, element);
            return this;
        }

        private Builder<T> add(
                String name,
                Kind kind,
                String description,
                String targetType,
                Function<T, List<IndexEntry>> extractor) {
            definitions.put(
                    name,
                    new Definition(
                            name,
                            kind,
                            description,
                            targetType,
                            resource -> extractor.apply(type.cast(resource)),
                            name));
            return this;
        }
    }
}
