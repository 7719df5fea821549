package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import nl.hartketen.application.audit.AuditEntry;
import nl.hartketen.application.audit.ChainCheck;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's entries and their hash chain on a real (in-memory H2) database with the real schema: entries are
 * written unsealed, the sequencer seals them in batches of one transaction each, and tampering of every kind is found.
 */
class JdbcAuditChainTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private JdbcDataSource database;
    private JdbcAuditChain chain;
    private JdbcAuditEntries entries;

    @BeforeEach
    void freshDatabase() {
        database = InMemoryDatabase.migrated("audit");
        chain = new JdbcAuditChain(database);
        entries = new JdbcAuditEntries(database);
        // one entry sealed on its own, then two in one batch
        entries.append(entry("e1"));
        assertEquals(1, chain.seal(100));
        entries.append(entry("e2"));
        entries.append(entry("e3"));
        assertEquals(2, chain.seal(100));
    }

    private static AuditEntry entry(String id) {
        String content = "{\"resourceType\":\"AuditEvent\",\"outcome\":\"0\",\"n\":\"" + id + "\"}";
        return new AuditEntry(
                id, NOW, "R", "0", "read", "user-1", null, null, Set.of("Patient/p", "ServiceRequest/" + id), content);
    }

    @Test
    void anUntouchedChainIsIntact() {
        ChainCheck check = chain.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(3, check.entries());
        assertEquals(64, check.headHash().length());
        assertEquals(0, check.unsealed());
    }

    @Test
    void entriesNotSealedYetAreReportedAsTheTailAndSealedByTheNextRound() {
        entries.append(entry("e4"));
        entries.append(entry("e5"));

        ChainCheck before = chain.verify();
        assertTrue(before.intact(), before.problem());
        assertEquals(3, before.entries(), "only sealed entries are checked");
        assertEquals(2, before.unsealed());
        assertEquals(NOW, before.oldestUnsealed());

        assertEquals(1, chain.seal(1), "a batch is at most as large as asked");
        assertEquals(1, chain.seal(100));
        assertEquals(0, chain.seal(100), "nothing left");
        ChainCheck after = chain.verify();
        assertTrue(after.intact(), after.problem());
        assertEquals(5, after.entries());
        assertEquals(0, after.unsealed());
        assertNull(after.oldestUnsealed());
    }

    @Test
    void aChangedEntryIsFound() throws SQLException {
        execute("UPDATE audit_entry SET content = REPLACE(content, '\"0\"', '\"4\"') WHERE id = 'e2'");
        ChainCheck check = chain.verify();
        assertEquals("AuditEvent/e2 (link 2) has been changed", check.problem());
        assertEquals(1, check.entries());
    }

    @Test
    void aRemovedEntryIsFound() throws SQLException {
        execute("DELETE FROM audit_entry WHERE id = 'e2'");
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
        execute("DELETE FROM audit_entry WHERE id = 'e3'");
        assertTrue(
                chain.verify().problem().contains("head says 3"), chain.verify().problem());
    }

    @Test
    void anEntrySlippedInPastTheChainIsFound() throws SQLException {
        execute("INSERT INTO audit_entry (id, recorded, content) VALUES ('forged', CURRENT_TIMESTAMP, '{}')");
        assertEquals(
                "AuditEvent/forged is stored but neither sealed nor waiting to be",
                chain.verify().problem());
    }

    @Test
    void anEntryTakenOffTheQueueIsFound() throws SQLException {
        entries.append(entry("e4"));
        execute("DELETE FROM audit_unsealed WHERE entry_id = 'e4'");
        assertEquals(
                "AuditEvent/e4 is stored but neither sealed nor waiting to be",
                chain.verify().problem());
    }

    @Test
    void anEntryRemovedBeforeItWasSealedIsFoundAndNotSealed() throws SQLException {
        entries.append(entry("e4"));
        execute("DELETE FROM audit_entry WHERE id = 'e4'");
        assertEquals(0, chain.seal(100));
        assertEquals(
                "AuditEvent/e4 has been removed before it was sealed",
                chain.verify().problem());
    }

    @Test
    void aLinkRehashedAfterAChangeStillBreaksTheNextOne() throws SQLException {
        execute("UPDATE audit_entry SET content = '{}' WHERE id = 'e2'");
        execute("UPDATE audit_chain SET hash = 'f' || SUBSTRING(hash, 2) WHERE sequence = 2");
        assertTrue(
                chain.verify().problem().startsWith("AuditEvent/e2"),
                chain.verify().problem());
    }

    /** As the sequencer's transaction ends when its node is killed: rolled back by the database, whole. */
    @Test
    void aSealingThatFailsHalfwayLeavesNothingHalfSealedAndTheNextOneSealsAll() throws SQLException {
        entries.append(entry("e4"));
        entries.append(entry("e5"));
        AtomicBoolean failing = new AtomicBoolean(true);
        try (Connection transaction = database.getConnection()) {
            transaction.setAutoCommit(false);
            // links inserted, queue emptied, then the head cannot be moved
            JdbcAuditChain sequencer = new JdbcAuditChain(failingAtTheHead(transaction, failing));
            assertThrows(StorageFailure.class, () -> sequencer.seal(100));
            transaction.rollback();

            ChainCheck afterFailure = chain.verify();
            assertTrue(afterFailure.intact(), afterFailure.problem());
            assertEquals(3, afterFailure.entries(), "no link of the failed batch is kept");
            assertEquals(2, afterFailure.unsealed(), "both entries still wait");

            failing.set(false);
            assertEquals(2, sequencer.seal(100));
            transaction.commit();
        }
        ChainCheck sealed = chain.verify();
        assertTrue(sealed.intact(), sealed.problem());
        assertEquals(5, sealed.entries());
        assertEquals(0, sealed.unsealed());
    }

    @Test
    void aSecondSequencerSkipsItsRoundWhileTheFirstHoldsTheHead() throws SQLException {
        entries.append(entry("e4"));
        try (Connection first = database.getConnection()) {
            first.setAutoCommit(false);
            long started = System.nanoTime();
            assertEquals(1, new JdbcAuditChain(notClosing(first)).seal(100));
            entries.append(entry("e5"));
            assertEquals(0, chain.seal(100), "the head is taken: the other sequencer does not wait for it");
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "skipping does not wait for the lock to time out");
            first.commit();
        }
        assertEquals(1, chain.seal(100));
        ChainCheck check = chain.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(5, check.entries());
    }

    /** Requests writing entries while the sequencer seals: every entry ends up in the chain, once. */
    @Test
    void noEntryIsLostWhileRequestsAndTheSequencerRunTogether() throws Exception {
        int writers = 4;
        int perWriter = 100;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        try {
            Future<Long> sequencer = threads.submit(() -> {
                long sealed = 0;
                while (writing.get()) {
                    sealed += sealInTransaction(25);
                }
                return sealed;
            });
            List<Future<?>> requests = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                requests.add(threads.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        entries.append(entry("w" + writer + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> request : requests) {
                request.get();
            }
            writing.set(false);
            sequencer.get();
        } finally {
            threads.shutdown();
        }
        while (sealInTransaction(1000) > 0) {
            // the tail the sequencer had not reached when the writers stopped
        }
        ChainCheck check = chain.verify();
        assertTrue(check.intact(), check.problem());
        assertEquals(3 + writers * perWriter, check.entries());
        assertEquals(0, check.unsealed());
    }

    private int sealInTransaction(int max) throws SQLException {
        try (Connection transaction = database.getConnection()) {
            transaction.setAutoCommit(false);
            int sealed = new JdbcAuditChain(notClosing(transaction)).seal(max);
            transaction.commit();
            return sealed;
        }
    }

    /** The one connection, handed out as if from a pool (closing it leaves it open), as a transaction is. */
    private static DataSource notClosing(Connection connection) {
        return failingAtTheHead(connection, new AtomicBoolean(false));
    }

    private static DataSource failingAtTheHead(Connection connection, AtomicBoolean failing) {
        Connection borrowed = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    if (failing.get()
                            && method.getName().equals("prepareStatement")
                            && ((String) arguments[0]).startsWith("UPDATE audit_chain_head")) {
                        throw new SQLException("the node was killed");
                    }
                    try {
                        return method.invoke(connection, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection")) {
                        return borrowed;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
