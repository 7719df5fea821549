package nl.hartketen.infrastructure.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.SearchQuery.Criterion;
import nl.hartketen.application.storage.SearchQuery.DateMatch;
import nl.hartketen.application.storage.SearchQuery.IdMatch;
import nl.hartketen.application.storage.SearchQuery.Match;
import nl.hartketen.application.storage.SearchQuery.ReferenceMatch;
import nl.hartketen.application.storage.SearchQuery.TokenMatch;

/**
 * An AuditEvent search (the parameters {@code AuditEventType} defines) as SQL over audit_entry: most parameters are
 * its columns, patient= and entity= the entry's rows in audit_entry_entity. A search for one patient or resource (as
 * $access-log is) starts from that reference's rows.
 */
final class AuditSearch {

    /** The token columns, with the code system their values are in. */
    private record TokenColumn(String column, String system) {}

    private static final Map<String, TokenColumn> TOKENS = Map.of(
            "action", new TokenColumn("e.action", "http://hl7.org/fhir/audit-event-action"),
            "outcome", new TokenColumn("e.outcome", "http://hl7.org/fhir/audit-event-outcome"),
            "subtype", new TokenColumn("e.interaction", "http://hl7.org/fhir/restful-interaction"),
            "altid", new TokenColumn("e.user_id", null));

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final List<Object> parameters = new ArrayList<>();
    private String from = "audit_entry e";
    private final List<Object> fromParameters = new ArrayList<>();

    AuditSearch(SearchQuery query) {
        if (query.involvedOrganization() != null) {
            throw new IllegalArgumentException("the audit trail is read whole or not at all, never by involvement");
        }
        Criterion driving = query.criteria().stream()
                .filter(criterion -> isEntity(criterion.param())
                        && criterion.anyOf().size() == 1
                        && criterion.anyOf().get(0) instanceof ReferenceMatch)
                .findFirst()
                .orElse(null);
        if (driving != null) {
            from = "audit_entry_entity k JOIN audit_entry e ON e.id = k.entry_id";
            where.append(" AND k.reference = ?");
            fromParameters.add(((ReferenceMatch) driving.anyOf().get(0)).reference());
        }
        for (Criterion criterion : query.criteria()) {
            if (criterion != driving) {
                where.append(" AND ");
                appendCriterion(criterion);
            }
        }
    }

    String countSql() {
        return "SELECT COUNT(*) FROM " + from + " WHERE " + where;
    }

    /** Up to {@code limit} entries after {@code after} (null: from the first), in the sort order: keyset paging. */
    SqlSearch.Statement page(SearchQuery.Sort sort, SearchKey after, int limit) {
        boolean ascending = sort == SearchQuery.Sort.LAST_UPDATED_ASCENDING;
        String order = ascending ? "ASC" : "DESC";
        StringBuilder sql = new StringBuilder("SELECT e.id, e.recorded, e.content FROM ")
                .append(from)
                .append(" WHERE ")
                .append(where);
        List<Object> all = parameters();
        SqlSearch.appendAfter(sql, all, "e.recorded", "e.id", after, ascending);
        sql.append(" ORDER BY e.recorded ").append(order).append(", e.id ").append(order);
        sql.append(" FETCH FIRST ? ROWS ONLY");
        all.add(limit);
        return new SqlSearch.Statement(sql.toString(), all);
    }

    List<Object> parameters() {
        List<Object> all = new ArrayList<>(fromParameters);
        all.addAll(parameters);
        return all;
    }

    private static boolean isEntity(String param) {
        return "patient".equals(param) || "entity".equals(param);
    }

    private void appendCriterion(Criterion criterion) {
        boolean negated = criterion.anyOf().stream().anyMatch(m -> m instanceof TokenMatch token && token.negated());
        where.append(negated ? "NOT (" : "(");
        for (int i = 0; i < criterion.anyOf().size(); i++) {
            if (i > 0) {
                where.append(" OR ");
            }
            where.append('(')
                    .append(condition(criterion.param(), criterion.anyOf().get(i)))
                    .append(')');
        }
        where.append(')');
    }

    private String condition(String param, Match match) {
        if (match instanceof IdMatch id) {
            return bound("e.id = ?", id.id());
        }
        if (match instanceof DateMatch date && ("date".equals(param) || SqlSearch.LAST_UPDATED.equals(param))) {
            return SqlSearch.dateCondition(date, "e.recorded", "e.recorded", true, parameters);
        }
        if (match instanceof ReferenceMatch reference && isEntity(param)) {
            return bound(
                    "EXISTS (SELECT 1 FROM audit_entry_entity x WHERE x.entry_id = e.id AND x.reference = ?)",
                    reference.reference());
        }
        if (match instanceof ReferenceMatch reference && "agent".equals(param)) {
            parameters.add(reference.reference());
            return bound("e.user_ref = ? OR e.organization_ref = ?", reference.reference());
        }
        TokenColumn column = TOKENS.get(param);
        if (match instanceof TokenMatch token && column != null) {
            return token(column, token);
        }
        throw new IllegalArgumentException("AuditEvent cannot be searched by " + param + " with " + match);
    }

    /** A column never matches when it is empty: a negated search ({@code :not}) then finds the entry. */
    private String token(TokenColumn column, TokenMatch token) {
        boolean systemMatches = token.system() == null
                || (column.system() == null
                        ? token.system().isEmpty()
                        : column.system().equals(token.system()));
        if (!systemMatches) {
            return "1 = 0";
        }
        if (token.code() == null) {
            return column.column() + " IS NOT NULL";
        }
        return bound(column.column() + " IS NOT NULL AND " + column.column() + " = ?", token.code());
    }

    private String bound(String condition, Object value) {
        parameters.add(value);
        return condition;
    }
}
