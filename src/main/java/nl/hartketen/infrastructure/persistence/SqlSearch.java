package nl.hartketen.infrastructure.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.SearchQuery.Criterion;
import nl.hartketen.application.storage.SearchQuery.DateMatch;
import nl.hartketen.application.storage.SearchQuery.IdMatch;
import nl.hartketen.application.storage.SearchQuery.Match;
import nl.hartketen.application.storage.SearchQuery.ReferenceMatch;
import nl.hartketen.application.storage.SearchQuery.StringMatch;
import nl.hartketen.application.storage.SearchQuery.TokenMatch;

/**
 * Turns a {@link SearchQuery} into SQL over the resource and search_index tables: one lookup per criterion,
 * its alternatives OR-ed inside, all values bound as parameters. Portable between H2 and PostgreSQL.
 *
 * <p>A page is chosen by key: the query returns the keys (last_updated, resource_id) of one page, in the order of an
 * index, so that the database reads the index in page order and stops after a page instead of sorting every match;
 * the store then reads the content of that page only. The walk starts from the index entries of a criterion that names
 * one reference or identifier (patient=, performer=, identifier=system|value) when there is one, else from the
 * type's resources. Each index row carries its resource's last_updated; the lookups name it too, which makes
 * each of them one probe of the same index.
 */
final class SqlSearch {

    static final String LAST_UPDATED = "_lastUpdated";
    static final String ID = "_id";

    /**
     * Ends a lookup for the row being walked: "(SELECT 1 … FETCH FIRST 1 ROWS ONLY) IS NOT NULL" rather than EXISTS.
     * PostgreSQL turns an EXISTS into a semi-join, and with a fresh or skewed estimate (one row per value) it then
     * joined every status entry or sorted all matches: 300–1,200 ms for a page of 50 among 10,000 referrals. A subquery
     * with a limit stays a probe per walked row, so the page is read in index order and the walk stops after it (6 ms).
     */
    private static final String PROBED = " FETCH FIRST 1 ROWS ONLY) IS NOT NULL";

    private static final String NOT_FOUND = " FETCH FIRST 1 ROWS ONLY) IS NULL";

    private final StringBuilder where = new StringBuilder("r.resource_type = ?");
    private final List<Object> parameters = new ArrayList<>();
    /** The rows walked: one per resource of the type, or the index entries of the driving criterion. */
    private String from = "resource r";
    /**
     * The columns of the walked index before the sort key, all fixed by the WHERE: naming them in the ORDER BY lets H2
     * see that the index is already in that order (PostgreSQL sees it without them).
     */
    private String indexPrefix = "r.resource_type, ";

    SqlSearch(SearchQuery query) {
        parameters.add(query.type());
        Criterion driving = query.criteria().stream()
                .filter(SqlSearch::selective)
                .findFirst()
                .orElse(null);
        if (driving != null) {
            startFrom(driving);
        }
        for (Criterion criterion : query.criteria()) {
            if (criterion == driving) {
                continue;
            }
            where.append(" AND ");
            appendCriterion(criterion);
        }
        if (query.involvedOrganization() != null) {
            where.append(" AND (SELECT 1 FROM resource_party p WHERE p.resource_type = r.resource_type"
                    + " AND p.resource_id = r.resource_id AND p.organization_ref = ?" + PROBED);
            parameters.add(query.involvedOrganization());
        }
    }

    /** Counts resources, not index entries: a resource may hold the driving value twice. */
    Statement count() {
        return new Statement(
                "SELECT COUNT(DISTINCT r.resource_id) FROM " + from + " WHERE " + where, List.copyOf(parameters));
    }

    /**
     * The keys (last_updated, resource_id) of up to {@code limit} matches after {@code after} (null: from the first), in
     * the sort order. Walking index entries, a resource that holds the driving value twice comes twice, one after the
     * other.
     */
    Statement keys(SearchQuery.Sort sort, SearchKey after, int limit) {
        boolean ascending = sort == SearchQuery.Sort.LAST_UPDATED_ASCENDING;
        String order = ascending ? "ASC" : "DESC";
        StringBuilder sql = new StringBuilder("SELECT r.last_updated, r.resource_id FROM ")
                .append(from)
                .append(" WHERE ")
                .append(where);
        List<Object> all = new ArrayList<>(parameters);
        appendAfter(sql, all, "r.last_updated", "r.resource_id", after, ascending);
        sql.append(" ORDER BY ")
                .append(indexPrefix)
                .append("r.last_updated ")
                .append(order)
                .append(", r.resource_id ")
                .append(order)
                .append(" FETCH FIRST ? ROWS ONLY");
        all.add(limit);
        return new Statement(sql.toString(), all);
    }

    /**
     * Keyset paging: (time, id) beyond {@code after} in the sort order, nothing when null. Written so that the first
     * condition bounds the index range.
     */
    static void appendAfter(
            StringBuilder sql,
            List<Object> parameters,
            String timeColumn,
            String idColumn,
            SearchKey after,
            boolean ascending) {
        if (after == null) {
            return;
        }
        String beyond = ascending ? ">" : "<";
        sql.append(" AND ").append(timeColumn).append(' ').append(beyond).append("= ? AND (");
        sql.append(timeColumn).append(' ').append(beyond).append(" ? OR ");
        sql.append(idColumn).append(' ').append(beyond).append(" ?)");
        LocalDateTime time = LocalDateTime.ofInstant(after.lastUpdated(), ZoneOffset.UTC);
        parameters.addAll(List.of(time, time, after.id()));
    }

    /** SQL text and the values of its parameters, in order. */
    record Statement(String sql, List<Object> parameters) {}

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

    /** Walks the criterion's index entries, which carry the resource's type, id and last_updated as "r". */
    private void startFrom(Criterion criterion) {
        from = "search_index r";
        indexPrefix = "r.resource_type, r.param, r.index_value, ";
        where.append(" AND r.param = ? AND r.index_value = ?");
        parameters.add(criterion.param());
        Match match = criterion.anyOf().get(0);
        if (match instanceof ReferenceMatch reference) {
            parameters.add(reference.reference());
        } else if (match instanceof TokenMatch token) {
            parameters.add(token.code());
            where.append(" AND r.token_system = ?");
            parameters.add(token.system());
        } else {
            parameters.add(((StringMatch) match).text());
        }
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
        where.append("(SELECT 1 FROM search_index i WHERE i.resource_type = r.resource_type"
                + " AND i.resource_id = r.resource_id AND i.last_updated = r.last_updated AND i.param = ? AND ");
        parameters.add(criterion.param());
        appendAlternatives(criterion.anyOf(), this::appendIndexMatch);
        where.append(negated ? NOT_FOUND : PROBED);
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
