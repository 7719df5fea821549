package nl.hartketen.application.storage;

import java.util.List;

/**
 * A search over one resource type: every criterion must hold (AND); within a criterion any of its matches
 * may hold (OR), as in FHIR's {@code a=1,2&b=3}.
 *
 * @param involvedOrganization when set, only resources that organization is involved with match (the access rules)
 */
public record SearchQuery(String type, List<Criterion> criteria, Sort sort, String involvedOrganization) {

    public SearchQuery {
        criteria = List.copyOf(criteria);
    }

    public SearchQuery(String type, List<Criterion> criteria, Sort sort) {
        this(type, criteria, sort, null);
    }

    /** The same search, limited to what {@code organization} is involved with. */
    public SearchQuery involving(String organization) {
        return new SearchQuery(type, criteria, sort, organization);
    }

    public enum Sort {
        LAST_UPDATED_DESCENDING,
        LAST_UPDATED_ASCENDING
    }

    /** One search parameter with its alternatives. {@code param} "_lastUpdated" and "_id" are the resource's own columns. */
    public record Criterion(String param, List<Match> anyOf) {
        public Criterion {
            anyOf = List.copyOf(anyOf);
        }
    }

    /** One alternative value. */
    public sealed interface Match permits TokenMatch, StringMatch, ReferenceMatch, DateMatch, IdMatch {}

    /** {@code system} null: any system; empty string: no system; {@code code} null: any code in the system. */
    public record TokenMatch(String system, String code, boolean negated) implements Match {}

    /** A normalized prefix, or the exact text when {@code exact}; {@code contains} matches anywhere. */
    public record StringMatch(String text, boolean exact, boolean contains) implements Match {}

    /** A "Type/id" reference. */
    public record ReferenceMatch(String reference) implements Match {}

    /** A date comparison: the indexed range [low, high] against the searched range [from, to] (epoch ms). */
    public record DateMatch(Comparison comparison, long from, long to) implements Match {}

    public record IdMatch(String id) implements Match {}

    /** FHIR's date prefixes. */
    public enum Comparison {
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        SA,
        EB,
        AP
    }
}
