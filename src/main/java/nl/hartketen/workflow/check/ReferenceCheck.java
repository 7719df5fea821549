package nl.hartketen.workflow.check;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.resource.ServerBase;
import nl.hartketen.workflow.validation.ConformanceResources;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Every reference of a resource about to be written points at a resource of a type its element allows (base R4, as
 * HAPI's definitions say, narrowed by our profiles) that exists here and that the writer may see. The validator
 * cannot check either: it does not resolve references. A missing target and one the caller may not see get the same
 * answer, so that nobody learns which ids exist by referring to them. Contained references ({@code #id}) must name a
 * contained resource. Absolute URLs are accepted only below our own configured base URL: a reference to another server
 * could be neither checked nor followed, and everything here reads references as local.
 */
@ApplicationScoped
public class ReferenceCheck {

    /**
     * Set by a transaction on a reference to one of its own entries: that entry is checked as it is written, and may
     * come after the reference in write order.
     */
    public static final String TO_TRANSACTION_ENTRY = "hartketen.reference-to-transaction-entry";

    private static final Pattern LITERAL =
            Pattern.compile("([^/]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final String CORE_PROFILES = "http://hl7.org/fhir/StructureDefinition/";

    private FhirContext context;
    private ResourceService resources;
    private AccessControl access;
    private ServerBase serverBase;
    /** The types our profiles narrow a reference element to, by path: "ServiceRequest.subject" → [Patient]. */
    private Map<String, Set<String>> profileTargets;

    private final Map<BaseRuntimeChildDefinition, Set<String>> baseTargets = new ConcurrentHashMap<>();

    protected ReferenceCheck() {}

    @Inject
    public ReferenceCheck(FhirContext context, ResourceService resources, AccessControl access, ServerBase serverBase) {
        this.context = context;
        this.resources = resources;
        this.access = access;
        this.serverBase = serverBase;
        this.profileTargets = profileTargets(context);
    }

    /** @throws RuleViolation (422) naming the element and the reference that is not allowed or not found */
    public void check(Resource resource, Caller caller) {
        Map<String, String> toFind = new LinkedHashMap<>();
        Elements.walk(context, resource, (path, parent, child, value) -> {
            if (value instanceof Reference reference && reference.hasReference()) {
                Set<String> allowed = allowedTargets(path, child);
                resolve(resource, path, reference, allowed).ifPresent(target -> toFind.put(path, target));
            }
        });
        if (toFind.isEmpty()) {
            return;
        }
        // A write may refer only to what its writer may read, and a hidden target gets the refusal a missing one gets
        // (403),
        // so it comes before any check that a target exists. What is left is readable: its absence is no secret (422).
        access.requireMayReadAll(caller, new LinkedHashSet<>(toFind.values()));
        toFind.forEach((path, target) -> {
            int slash = target.indexOf('/');
            if (!resources.exists(target.substring(0, slash), target.substring(slash + 1))) {
                throw new RuleViolation(path, path + " refers to " + target + ", which does not exist");
            }
        });
    }

    /** The stored resource ("Type/id") the reference must find, if it is one; refuses what cannot be one. */
    private Optional<String> resolve(Resource resource, String path, Reference reference, Set<String> allowed) {
        String value = reference.getReference();
        if (value.startsWith("#")) {
            String type = containedType(resource, value.substring(1))
                    .orElseThrow(() -> new RuleViolation(
                            path, path + " refers to '" + value + "', but no contained resource has that id"));
            requireAllowed(path, type, value, allowed);
            return Optional.empty();
        }
        if (value.startsWith("urn:")) {
            throw new RuleViolation(
                    path,
                    path + " refers to '" + value + "': such a reference is only resolved inside a transaction"
                            + " Bundle, to the entry with that fullUrl, and no entry has it");
        }
        String local = value;
        if (value.contains(":")) {
            String base = serverBase.configured().map(url -> url + "/").orElse(null);
            if (base == null || !value.startsWith(base)) {
                throw new RuleViolation(
                        path,
                        path + " refers to '" + value + "' on another server: only references to resources"
                                + " stored here are kept, as Type/id");
            }
            local = value.substring(base.length());
        }
        Matcher literal = LITERAL.matcher(local);
        if (!literal.matches()) {
            throw new RuleViolation(path, path + " is '" + value + "', which is not a reference of the form Type/id");
        }
        String type = literal.group(1);
        if (!context.getResourceTypes().contains(type)) {
            throw new RuleViolation(
                    path,
                    path + " refers to '" + value + "': '" + type + "' is not a FHIR resource type" + lookAlike(type));
        }
        requireAllowed(path, type, value, allowed);
        return Boolean.TRUE.equals(reference.getUserData(TO_TRANSACTION_ENTRY))
                ? Optional.empty()
                : Optional.of(type + "/" + literal.group(2));
    }

    private static void requireAllowed(String path, String type, String value, Set<String> allowed) {
        if (!allowed.isEmpty() && !allowed.contains(type)) {
            String one = allowed.iterator().next();
            throw new RuleViolation(
                    path,
                    path + " must refer to "
                            + (allowed.size() > 1
                                    ? "one of " + String.join(", ", allowed)
                                    : ("AEIOU".indexOf(one.charAt(0)) >= 0 ? "an " : "a ") + one)
                            + ", not to '" + value + "'");
        }
    }

    /** A hint for the types that only look right, such as "Pаtient" with a Cyrillic а. */
    private static String lookAlike(String type) {
        return type.chars().filter(c -> c > 127).findFirst().stream()
                .mapToObj(c -> String.format(" (it contains '%c', U+%04X, which is not a Latin letter)", c, c))
                .findFirst()
                .orElse("");
    }

    private static Optional<String> containedType(Resource resource, String id) {
        if (id.isEmpty()) {
            return Optional.of(resource.fhirType());
        }
        if (!(resource instanceof org.hl7.fhir.r4.model.DomainResource domain)) {
            return Optional.empty();
        }
        return domain.getContained().stream()
                .filter(contained ->
                        id.equals(contained.getIdElement().getIdPart()) || ("#" + id).equals(contained.getId()))
                .map(Resource::fhirType)
                .findFirst();
    }

    /** The types an element may refer to; empty for any type. */
    private Set<String> allowedTargets(String path, BaseRuntimeChildDefinition child) {
        Set<String> base = child instanceof RuntimeChildResourceDefinition references
                ? baseTargets.computeIfAbsent(child, ignored -> typesOf(references.getResourceTypes()))
                : Set.of();
        Set<String> profiled = profileTargets.get(path.replaceAll("\\[\\d+]", ""));
        return profiled != null ? profiled : base;
    }

    private Set<String> typesOf(List<Class<? extends IBaseResource>> classes) {
        Set<String> types = new LinkedHashSet<>();
        for (Class<? extends IBaseResource> type : classes) {
            if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                return Set.of(); // Reference(Any)
            }
            types.add(context.getResourceType(type));
        }
        return Collections.unmodifiableSet(types);
    }

    /** The reference elements our profiles narrow (their differentials' targetProfiles), as resource types. */
    private static Map<String, Set<String>> profileTargets(FhirContext context) {
        List<StructureDefinition> definitions = ConformanceResources.load(context).stream()
                .filter(StructureDefinition.class::isInstance)
                .map(StructureDefinition.class::cast)
                .toList();
        Map<String, String> typeByUrl = definitions.stream()
                .collect(Collectors.toMap(StructureDefinition::getUrl, StructureDefinition::getType));
        Map<String, Set<String>> targets = new HashMap<>();
        for (StructureDefinition definition : definitions) {
            if (!ProfileValidator.isOurs(definition)) {
                continue;
            }
            for (ElementDefinition element : definition.getDifferential().getElement()) {
                for (ElementDefinition.TypeRefComponent type : element.getType()) {
                    if ("Reference".equals(type.getCode()) && type.hasTargetProfile()) {
                        targets.computeIfAbsent(element.getPath(), ignored -> new LinkedHashSet<>())
                                .addAll(type.getTargetProfile().stream()
                                        .map(CanonicalType::getValue)
                                        .map(url -> url.startsWith(CORE_PROFILES)
                                                ? url.substring(CORE_PROFILES.length())
                                                : typeByUrl.get(url))
                                        .filter(Objects::nonNull)
                                        .toList());
                    }
                }
            }
        }
        return Map.copyOf(targets);
    }
}
