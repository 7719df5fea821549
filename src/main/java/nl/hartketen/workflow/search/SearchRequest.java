package nl.hartketen.workflow.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.SearchQuery.Comparison;
import nl.hartketen.application.storage.SearchQuery.Criterion;
import nl.hartketen.application.storage.SearchQuery.DateMatch;
import nl.hartketen.application.storage.SearchQuery.IdMatch;
import nl.hartketen.application.storage.SearchQuery.Match;
import nl.hartketen.application.storage.SearchQuery.ReferenceMatch;
import nl.hartketen.application.storage.SearchQuery.StringMatch;
import nl.hartketen.application.storage.SearchQuery.TokenMatch;
import nl.hartketen.domain.shared.PlainText;

/**
 * A FHIR search URL's parameters, read strictly: an unknown parameter, modifier or malformed value is refused
 * (a GP who mistypes a parameter must not get every referral back as if no filter had been given).
 */
public record SearchRequest(SearchQuery query, Set<String> includes, boolean total) {
    // includes: the reference elements to follow (Task:subject becomes "for"), see SearchParameters.includedElement
    // total: count all matches (_total=accurate or _summary=count); otherwise a search costs one page, not a count

    /** Parameters HAPI handles itself (paging, format, summary), which we accept and leave alone. */
    private static final Set<String> HANDLED_BY_SERVER =
            Set.of("_count", "_format", "_pretty", "_summary", "_elements", "_total");

    private static final Set<String> DATE_PREFIXES = Set.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

    /**
     * @throws IllegalArgumentException with a message for the client when a parameter cannot be used
     */
    public static SearchRequest parse(String type, Map<String, String[]> parameters, SearchParameters definitions) {
        List<Criterion> criteria = new ArrayList<>();
        Set<String> includes = new LinkedHashSet<>();
        SearchQuery.Sort sort = SearchQuery.Sort.LAST_UPDATED_DESCENDING;
        boolean total = false;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            String name = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
            String modifier = key.contains(":") ? key.substring(key.indexOf(':') + 1) : null;
            for (String value : parameter.getValue()) {
                // Also for If-None-Exist, whose parameters come in a header: text the database could not compare.
                PlainText.problemWith(value).ifPresent(problem -> {
                    throw new IllegalArgumentException("search parameter '" + key + "' contains " + problem);
                });
                if (name.equals("_total")) {
                    total |= total(value);
                }
                if (name.equals("_summary") && value.equals("count")) {
                    total = true;
                }
                if (HANDLED_BY_SERVER.contains(name)) {
                    continue;
                }
                switch (name) {
                    case "_include" -> includes.add(include(type, value, definitions));
                    case "_sort" -> sort = sort(value);
                    case "_id" ->
                        criteria.add(new Criterion(
                                "_id",
                                split(value).stream().<Match>map(IdMatch::new).toList()));
                    case "_lastUpdated" ->
                        criteria.add(new Criterion(
                                "_lastUpdated",
                                split(value).stream().map(SearchRequest::date).toList()));
                    default -> {
                        SearchParameters.Definition definition = definitions
                                .find(type, name)
                                .orElseThrow(() -> new IllegalArgumentException("unknown search parameter '" + name
                                        + "' for " + type + "; supported: " + supported(type, definitions)));
                        criteria.add(criterion(definition, modifier, value));
                    }
                }
            }
        }
        return new SearchRequest(new SearchQuery(type, criteria, sort), includes, total);
    }

    /** FHIR's _total: only "accurate" counts; "estimate" and "none" leave Bundle.total out unless it comes free. */
    private static boolean total(String value) {
        return switch (value) {
            case "accurate" -> true;
            case "estimate", "none" -> false;
            default ->
                throw new IllegalArgumentException(
                        "_total=" + value + " is not supported; use accurate, estimate or none");
        };
    }

    private static Criterion criterion(SearchParameters.Definition definition, String modifier, String value) {
        List<Match> matches = new ArrayList<>();
        for (String alternative : split(value)) {
            matches.add(
                    switch (definition.kind()) {
                        case TOKEN -> token(definition, modifier, alternative);
                        case STRING -> string(definition, modifier, alternative);
                        case REFERENCE -> reference(definition, modifier, alternative);
                        case DATE -> {
                            refuseModifier(definition, modifier);
                            yield date(alternative);
                        }
                    });
        }
        return new Criterion(definition.indexedAs(), matches);
    }

    private static Match token(SearchParameters.Definition definition, String modifier, String value) {
        if (modifier != null && !modifier.equals("not")) {
            throw new IllegalArgumentException(
                    "modifier :" + modifier + " is not supported on " + definition.name() + " (only :not)");
        }
        int bar = value.indexOf('|');
        if (bar < 0) {
            return new TokenMatch(null, value, modifier != null);
        }
        String system = value.substring(0, bar);
        String code = value.substring(bar + 1);
        return new TokenMatch(system, code.isEmpty() ? null : code, modifier != null);
    }

    private static Match string(SearchParameters.Definition definition, String modifier, String value) {
        if (modifier != null && !modifier.equals("exact") && !modifier.equals("contains")) {
            throw new IllegalArgumentException("modifier :" + modifier + " is not supported on " + definition.name()
                    + " (only :exact and :contains)");
        }
        return new StringMatch(IndexEntry.normalize(value), "exact".equals(modifier), "contains".equals(modifier));
    }

    private static Match reference(SearchParameters.Definition definition, String modifier, String value) {
        if (value.contains("/")) {
            String reference = References.relative(value)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "'" + value + "' is not a reference such as " + definition.targetType() + "/123"));
            if (definition.searchesAnother() && !reference.startsWith(definition.targetType() + "/")) {
                throw new IllegalArgumentException(
                        definition.name() + " takes a " + definition.targetType() + ", not '" + value + "'");
            }
            return new ReferenceMatch(reference);
        }
        String type = modifier != null ? modifier : definition.targetType();
        if (type == null) {
            throw new IllegalArgumentException("'" + value + "' needs its type: " + definition.name() + "=Type/id");
        }
        if (!type.matches("[A-Z][A-Za-z]+")) {
            throw new IllegalArgumentException(
                    "modifier :" + modifier + " on " + definition.name() + " must be a resource type");
        }
        return new ReferenceMatch(type + "/" + value);
    }

    private static Match date(String value) {
        String prefix = value.length() > 2 ? value.substring(0, 2) : "";
        Comparison comparison = Comparison.EQ;
        String date = value;
        if (DATE_PREFIXES.contains(prefix)) {
            comparison = Comparison.valueOf(prefix.toUpperCase(Locale.ROOT));
            date = value.substring(2);
        }
        DateRange range = DateRange.parse(date);
        return new DateMatch(comparison, range.low(), range.high());
    }

    private static void refuseModifier(SearchParameters.Definition definition, String modifier) {
        if (modifier != null) {
            throw new IllegalArgumentException("modifier :" + modifier + " is not supported on " + definition.name());
        }
    }

    /** The element an {@code _include=Type:parameter} follows. */
    private static String include(String type, String value, SearchParameters definitions) {
        String[] parts = value.split(":");
        return (parts.length == 2 && parts[0].equals(type)
                        ? definitions.includedElement(type, parts[1])
                        : Optional.<String>empty())
                .orElseThrow(() -> new IllegalArgumentException("_include=" + value + " is not supported; supported: "
                        + definitions.includes(type).stream()
                                .map(parameter -> type + ":" + parameter)
                                .sorted()
                                .toList()));
    }

    private static SearchQuery.Sort sort(String value) {
        return switch (value) {
            case "_lastUpdated" -> SearchQuery.Sort.LAST_UPDATED_ASCENDING;
            case "-_lastUpdated" -> SearchQuery.Sort.LAST_UPDATED_DESCENDING;
            default ->
                throw new IllegalArgumentException(
                        "_sort=" + value + " is not supported; use _lastUpdated or -_lastUpdated");
        };
    }

    /** FHIR's OR: comma-separated, with "\," for a literal comma. */
    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                current.append(value.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty search value in '" + value + "'");
        }
        return parts;
    }

    private static List<String> supported(String type, SearchParameters definitions) {
        List<String> names = new ArrayList<>(List.of("_id", "_lastUpdated", "_include", "_sort", "_count"));
        definitions.forType(type).forEach(d -> names.add(d.name()));
        return names;
    }
}
