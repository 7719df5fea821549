package nl.hartketen.infrastructure.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.SearchQuery.Criterion;
import nl.hartketen.application.storage.SearchQuery.DateMatch;
import nl.hartketen.application.storage.SearchQuery.IdMatch;
import nl.hartketen.application.storage.SearchQuery.Match;
import nl.hartketen.application.storage.SearchQuery.ReferenceMatch;
import nl.hartketen.application.storage.SearchQuery.StringMatch;
import nl.hartketen.application.storage.SearchQuery.TokenMatch;

/**
 * Turns a {@link SearchQuery} into SQL over the resource and search_index tables: one EXISTS per criterion,
 * its alternatives OR-ed inside, all values bound as parameters. Portable between H2 and PostgreSQL.
 *
 * <p>When a criterion names one reference or identifier (patient=, performer=, identifier=system|value), the query
 * starts from that criterion's index entries instead of from every resource of the type: the database then reads the
 * few resources that match rather than testing each EXISTS on all of them (measured: a patient's referrals among
 * 11,600 went from 40 ms to 1 ms on H2).
 */
final class SqlSearch {

    static final String LAST_UPDATED = "_lastUpdated";
    static final String ID = "_id";

    private final StringBuilder where = new StringBuilder("r.resource_type = ?");
    private final List<Object> parameters = new ArrayList<>();
    /** The resources to start from, or "resource r" for all of the type; its parameters come first. */
    private String from = "resource r";

    private final List<Object> fromParameters = new ArrayList<>();

    SqlSearch(SearchQuery query) {
        parameters.add(query.type());
        Criterion driving = query.criteria().stream()
                .filter(SqlSearch::selective)
                .findFirst()
                .orElse(null);
        if (driving != null) {
            startFrom(query.type(), driving);
        }
        for (Criterion criterion : query.criteria()) {
            if (criterion == driving) {
                continue;
            }
            where.append(" AND ");
            appendCriterion(criterion);
        }
        if (query.involvedOrganization() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM resource_party p WHERE p.resource_type = r.resource_type"
                    + " AND p.resource_id = r.resource_id AND p.organization_ref = ?)");
            parameters.add(query.involvedOrganization());
        }
    }

    String countSql() {
        return "SELECT COUNT(*) FROM " + from + " WHERE " + where;
    }

    String pageSql(SearchQuery.Sort sort) {
        String order = sort == SearchQuery.Sort.LAST_UPDATED_ASCENDING ? "ASC" : "DESC";
        return "SELECT r.resource_type, r.resource_id, r.version_id, r.last_updated, r.content FROM " + from + " WHERE "
                + where + " ORDER BY r.last_updated " + order + ", r.resource_id " + order
                + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";
    }

    List<Object> parameters() {
        List<Object> all = new ArrayList<>(fromParameters);
        all.addAll(parameters);
        return all;
    }

    /** One value of a reference, an identifier (system and code) or an exact string: few resources have it. */
    private static boolean selective(Criterion criterion) {
        if (criterion.anyOf().size() != 1) {
            return false;
        }
        Match match = criterion.anyOf().get(0);
        return match instanceof ReferenceMatch
                || match instanceof TokenMatch token
                        && !token.negated()
                        && token.code() != null
                        && token.system() != null
                        && !token.system().isEmpty()
                || match instanceof StringMatch string && string.exact();
    }

    /** The distinct resources with the criterion's index entry (a resource may have the same value twice), joined to their rows. */
    private void startFrom(String type, Criterion criterion) {
        StringBuilder keys = new StringBuilder(
                "SELECT DISTINCT d.resource_id FROM search_index d WHERE d.resource_type = ? AND d.param = ?"
                        + " AND d.index_value = ?");
        fromParameters.add(type);
        fromParameters.add(criterion.param());
        Match match = criterion.anyOf().get(0);
        if (match instanceof ReferenceMatch reference) {
            fromParameters.add(reference.reference());
        } else if (match instanceof TokenMatch token) {
            fromParameters.add(token.code());
            keys.append(" AND d.token_system = ?");
            fromParameters.add(token.system());
        } else {
            fromParameters.add(((StringMatch) match).text());
        }
        from = "(" + keys + ") k JOIN resource r ON r.resource_id = k.resource_id";
    }

    private void appendCriterion(Criterion criterion) {
        if (criterion.param().equals(LAST_UPDATED)) {
            appendAlternatives(
                    criterion.anyOf(),
                    match -> appendDate((DateMatch) match, "r.last_updated", "r.last_updated", true));
            return;
        }
        if (criterion.param().equals(ID)) {
            appendAlternatives(criterion.anyOf(), match -> {
                where.append("r.resource_id = ?");
                parameters.add(((IdMatch) match).id());
            });
            return;
        }
        boolean negated = criterion.anyOf().stream().anyMatch(m -> m instanceof TokenMatch token && token.negated());
        where.append(negated ? "NOT EXISTS" : "EXISTS")
                .append(
                        " (SELECT 1 FROM search_index i WHERE i.resource_type = r.resource_type AND i.resource_id = r.resource_id AND i.param = ? AND ");
        parameters.add(criterion.param());
        appendAlternatives(criterion.anyOf(), this::appendIndexMatch);
        where.append(')');
    }

    private void appendAlternatives(List<Match> alternatives, java.util.function.Consumer<Match> appendOne) {
        where.append('(');
        for (int i = 0; i < alternatives.size(); i++) {
            if (i > 0) {
                where.append(" OR ");
            }
            where.append('(');
            appendOne.accept(alternatives.get(i));
            where.append(')');
        }
        where.append(')');
    }

    private void appendIndexMatch(Match match) {
        if (match instanceof TokenMatch token) {
            appendToken(token);
        } else if (match instanceof StringMatch string) {
            appendString(string);
        } else if (match instanceof ReferenceMatch reference) {
            where.append("i.index_value = ?");
            parameters.add(reference.reference());
        } else if (match instanceof DateMatch date) {
            appendDate(date, "i.date_low", "i.date_high", false);
        } else {
            throw new IllegalArgumentException(match + " is matched on the resource, not the index");
        }
    }

    private void appendToken(TokenMatch token) {
        List<String> conditions = new ArrayList<>();
        if (token.code() != null) {
            conditions.add("i.index_value = ?");
            parameters.add(token.code());
        }
        if (token.system() != null) {
            if (token.system().isEmpty()) {
                conditions.add("i.token_system IS NULL");
            } else {
                conditions.add("i.token_system = ?");
                parameters.add(token.system());
            }
        }
        where.append(conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions));
    }

    private void appendString(StringMatch string) {
        if (string.exact()) {
            where.append("i.index_value = ?");
            parameters.add(string.text());
            return;
        }
        where.append("i.index_value LIKE ? ESCAPE '\\'");
        String escaped = string.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        parameters.add((string.contains() ? "%" : "") + escaped + "%");
    }

    private void appendDate(DateMatch date, String low, String high, boolean timestampColumn) {
        where.append(dateCondition(date, low, high, timestampColumn, parameters));
    }

    /**
     * FHIR date comparison of a stored range [low, high] with the searched range [from, to], its values added to
     * {@code parameters}. For a timestamp column (_lastUpdated) the stored value is one instant: low and high are the
     * same column.
     */
    static String dateCondition(
            DateMatch date, String low, String high, boolean timestampColumn, List<Object> parameters) {
        Object from = timestampColumn ? utc(date.from()) : date.from();
        Object to = timestampColumn ? utc(date.to()) : date.to();
        return switch (date.comparison()) {
            case EQ -> bound(low + " >= ? AND " + high + " <= ?", parameters, from, to);
            case NE -> bound("NOT (" + low + " >= ? AND " + high + " <= ?)", parameters, from, to);
            case GT -> bound(high + " > ?", parameters, to);
            case GE -> bound(high + " >= ?", parameters, from);
            case LT -> bound(low + " < ?", parameters, from);
            case LE -> bound(low + " <= ?", parameters, to);
            case SA -> bound(low + " > ?", parameters, to);
            case EB -> bound(high + " < ?", parameters, from);
            case AP -> bound(low + " <= ? AND " + high + " >= ?", parameters, to, from);
        };
    }

    private static String bound(String condition, List<Object> parameters, Object... values) {
        parameters.addAll(List.of(values));
        return condition;
    }

    private static LocalDateTime utc(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
