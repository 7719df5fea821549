package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import nl.hartketen.application.audit.AuditChain;
import nl.hartketen.application.audit.ChainCheck;
import nl.hartketen.application.storage.ResourceContent;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit hash chain on a real (in-memory H2) database with the real schema: tampering of every kind is found. */
class JdbcAuditChainTest {

    private JdbcDataSource database;
    private JdbcAuditChain chain;
    private JdbcResourceStore store;

    @BeforeEach
    void freshDatabase() throws Exception {
        database = InMemoryDatabase.migrated("audit");
        chain = new JdbcAuditChain(database);
        store = new JdbcResourceStore(database);
        // one entry on its own, then two linked at once, as a unit of work links its entries at its end
        chain.link(List.of(stored("e1")));
        chain.link(List.of(stored("e2"), stored("e3")));
    }

    private AuditChain.Entry stored(String id) {
        String content = "{\"resourceType\":\"AuditEvent\",\"outcome\":\"0\",\"n\":\"" + id + "\"}";
        store.insert(new ResourceContent("AuditEvent", id, content, List.of()), Instant.now());
        return new AuditChain.Entry(id, content);
    }

    @Test
    void anUntouchedChainIsIntact() {
        ChainCheck check = chain.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(3, check.entries());
        assertEquals(64, check.headHash().length());
    }

    @Test
    void aChangedEntryIsFound() throws SQLException {
        execute("UPDATE resource SET content = REPLACE(content, '\"0\"', '\"4\"') WHERE resource_id = 'e2'");
        ChainCheck check = chain.verify();
        assertEquals("AuditEvent/e2 (link 2) has been changed", check.problem());
        assertEquals(1, check.entries());
    }

    @Test
    void aRemovedEntryIsFound() throws SQLException {
        execute("DELETE FROM resource WHERE resource_id = 'e2'");
        assertEquals("AuditEvent/e2 (link 2) has been removed", chain.verify().problem());
    }

    @Test
    void aRemovedLinkIsFound() throws SQLException {
        execute("DELETE FROM audit_chain WHERE sequence = 2");
        assertEquals("link 2 is missing", chain.verify().problem());
    }

    @Test
    void theNewestEntriesRemovedTogetherWithTheirLinksAreFound() throws SQLException {
        execute("DELETE FROM audit_chain WHERE sequence = 3");
        execute("DELETE FROM resource WHERE resource_id = 'e3'");
        assertTrue(
                chain.verify().problem().contains("head says 3"), chain.verify().problem());
    }

    @Test
    void anEntrySlippedInPastTheChainIsFound() {
        store.insert(
                new ResourceContent("AuditEvent", "forged", "{\"resourceType\":\"AuditEvent\"}", List.of()),
                Instant.now());
        assertEquals(
                "4 AuditEvents are stored but the chain links 3", chain.verify().problem());
    }

    @Test
    void aLinkRehashedAfterAChangeStillBreaksTheNextOne() throws SQLException {
        execute("UPDATE resource SET content = '{}' WHERE resource_id = 'e2'");
        execute("UPDATE audit_chain SET hash = 'f' || SUBSTRING(hash, 2) WHERE sequence = 2");
        assertTrue(
                chain.verify().problem().startsWith("AuditEvent/e2"),
                chain.verify().problem());
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
