package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.hartketen.application.audit.AuditEntry;
import nl.hartketen.application.audit.AuditHash;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.audit.ChainCheck;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.SearchQuery.Criterion;
import nl.hartketen.application.storage.SearchQuery.ReferenceMatch;
import nl.hartketen.application.storage.SearchQuery.TokenMatch;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Migration V11 on a real (in-memory H2) database: AuditEvents stored as resources, with their search index and
 * links, move to the audit tables, their chain still verifies, they are found as before, and the resource tables
 * keep none of them.
 */
class AuditEntriesMigrationTest {

    private final JdbcDataSource database = InMemoryDatabase.empty("audit-entries");

    @Test
    void storedAuditEventsMoveWithTheirChainIntact() throws SQLException {
        InMemoryDatabase.migrate(database, "10");
        String previous = AuditHash.GENESIS;
        previous = auditEvent(1, "a1", previous, "R", "Patient/p1", "ServiceRequest/s1");
        previous = auditEvent(2, "a2", previous, "E", "Patient/p1", "Patient/p2");
        previous = auditEvent(3, "a3", previous, "C", "Patient/p2", "ServiceRequest/s2");
        execute("UPDATE audit_chain_head SET sequence = 3, hash = ? WHERE id = 1", previous);

        InMemoryDatabase.migrate(database, null);

        AuditLog audit = InMemoryDatabase.auditLog(database);
        ChainCheck check = audit.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(3, check.entries());
        assertEquals(previous, check.headHash());
        assertEquals(0, check.unsealed());
        assertEquals(
                List.of("a2", "a1"),
                audit.search(search("patient", new ReferenceMatch("Patient/p1")), null, 10).stream()
                        .map(entry -> entry.id())
                        .toList(),
                "newest first");
        assertEquals(1, audit.count(search("action", new TokenMatch(null, "C", false))));
        assertEquals(2, audit.count(search("agent", new ReferenceMatch("Organization/hospital"))));
        assertEquals(3, audit.count(search("altid", new TokenMatch(null, "user-1", false))));
        assertEquals(
                "{\"resourceType\":\"AuditEvent\",\"n\":\"a3\"}",
                audit.read("a3").content());
        assertEquals(0, count("SELECT COUNT(*) FROM resource WHERE resource_type = 'AuditEvent'"));
        assertEquals(0, count("SELECT COUNT(*) FROM search_index WHERE resource_type = 'AuditEvent'"));
        assertEquals(0, count("SELECT COUNT(*) FROM resource_version WHERE resource_type = 'AuditEvent'"));

        // and the trail goes on from there
        new JdbcAuditEntries(database)
                .append(new AuditEntry("a4", Instant.now(), "R", "0", "read", "user-1", null, null, Set.of(), "{}"));
        assertEquals(1, audit.seal(100));
        assertTrue(audit.verify().intact());
        assertEquals(4, audit.verify().entries());
    }

    /** An AuditEvent as V2 to V10 kept it: resource, version, search index and its link. */
    private String auditEvent(int sequence, String id, String previous, String action, String... entities)
            throws SQLException {
        String content = "{\"resourceType\":\"AuditEvent\",\"n\":\"" + id + "\"}";
        String updated = "2026-03-0" + sequence + " 10:00:00";
        execute(
                "INSERT INTO resource (resource_type, resource_id, version_id, last_updated, content)"
                        + " VALUES ('AuditEvent', ?, 1, CAST(? AS TIMESTAMP), ?)",
                id,
                updated,
                content);
        execute(
                "INSERT INTO resource_version (resource_type, resource_id, version_id, last_updated, content)"
                        + " VALUES ('AuditEvent', ?, 1, CAST(? AS TIMESTAMP), ?)",
                id,
                updated,
                content);
        index(id, "action", "http://hl7.org/fhir/audit-event-action", action);
        index(id, "outcome", "http://hl7.org/fhir/audit-event-outcome", "0");
        index(id, "subtype", "http://hl7.org/fhir/restful-interaction", "read");
        index(id, "altid", null, "user-1");
        index(id, "agent", null, "Practitioner/gp");
        if (sequence > 1) {
            index(id, "agent", null, "Organization/hospital");
        }
        for (String entity : entities) {
            index(id, "entity", null, entity);
            if (entity.startsWith("Patient/")) {
                index(id, "patient", null, entity);
            }
        }
        String hash = AuditHash.of(previous, sequence, id, content);
        execute(
                "INSERT INTO audit_chain (sequence, audit_event_id, previous_hash, hash) VALUES (?, ?, ?, ?)",
                sequence,
                id,
                previous,
                hash);
        return hash;
    }

    private void index(String id, String param, String system, String value) throws SQLException {
        execute(
                "INSERT INTO search_index (resource_type, resource_id, param, token_system, index_value)"
                        + " VALUES ('AuditEvent', ?, ?, ?, ?)",
                id,
                param,
                system,
                value);
    }

    private static SearchQuery search(String param, SearchQuery.Match match) {
        return new SearchQuery(
                "AuditEvent", List.of(new Criterion(param, List.of(match))), SearchQuery.Sort.LAST_UPDATED_DESCENDING);
    }

    private void execute(String sql, Object... values) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
