package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.hartketen.LocalPostgres;
import nl.hartketen.application.ClusterLocks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One node at a time: two "nodes" (each its own {@link DatabaseClusterLocks} on its own connections) on one PostgreSQL
 * database exclude each other, and when the holder's connection dies, as it does with its node, the one waiting takes
 * over. On H2, where one process owns the file, the threads of that process exclude each other.
 */
class DatabaseClusterLocksTest {

    private static DatabaseClusterLocks node(javax.sql.DataSource database) {
        DatabaseClusterLocks locks = new DatabaseClusterLocks();
        locks.dataSource = database;
        return locks;
    }

    private static PGSimpleDataSource postgres() {
        Assumptions.assumeTrue(LocalPostgres.answers(), "PostgreSQL does not answer at " + LocalPostgres.ADDRESS);
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(LocalPostgres.url("test"));
        database.setUser("postgres");
        return database;
    }

    /** Whether {@code locks} gets the lock within {@code millis}; if it does, it lets it go again. */
    private static boolean getsWithin(DatabaseClusterLocks locks, String name, long millis) throws Exception {
        CompletableFuture<ClusterLocks.Held> waiting = CompletableFuture.supplyAsync(() -> locks.hold(name));
        try {
            waiting.get(millis, TimeUnit.MILLISECONDS).close();
            return true;
        } catch (TimeoutException stillWaiting) {
            // let it go as soon as it gets the lock, so that the next check finds the lock free
            waiting.thenAccept(ClusterLocks.Held::close);
            return false;
        }
    }

    @Test
    void aLockHeldOnOneNodeWaitsOnAnotherUntilReleased() throws Exception {
        PGSimpleDataSource database = postgres();
        DatabaseClusterLocks first = node(database);
        DatabaseClusterLocks second = node(database);
        String name = "test-" + System.nanoTime();

        ClusterLocks.Held held = first.hold(name);
        CompletableFuture<ClusterLocks.Held> waiting = CompletableFuture.supplyAsync(() -> second.hold(name));
        assertThrows(TimeoutException.class, () -> waiting.get(1, TimeUnit.SECONDS), "held by the other node");
        assertTrue(getsWithin(second, name + "-other", 5_000), "another lock is free");

        held.close();
        held.close(); // a second close changes nothing
        waiting.get(10, TimeUnit.SECONDS).close();
        assertTrue(getsWithin(first, name, 5_000), "free once released");
    }

    @Test
    void whenTheHoldersConnectionDiesTheWaitingNodeTakesOver() throws Exception {
        PGSimpleDataSource database = postgres();
        DatabaseClusterLocks first = node(database);
        DatabaseClusterLocks second = node(database);
        String name = "test-" + System.nanoTime();
        ClusterLocks.Held held = first.hold(name);

        CompletableFuture<ClusterLocks.Held> waiting = CompletableFuture.supplyAsync(() -> second.hold(name));
        assertThrows(TimeoutException.class, () -> waiting.get(1, TimeUnit.SECONDS), "the second node waits");

        // The first node dies: its connection ends without an unlock.
        try (Connection admin = database.getConnection();
                PreparedStatement kill = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                + " AND classid::bigint = ? AND objid::bigint = ?")) {
            kill.setInt(1, DatabaseClusterLocks.NAMESPACE);
            kill.setLong(2, Integer.toUnsignedLong(name.hashCode()));
            try (ResultSet killed = kill.executeQuery()) {
                assertTrue(killed.next() && killed.getBoolean(1), "the holder's connection was found and ended");
            }
        }
        try (ClusterLocks.Held takenOver = waiting.get(10, TimeUnit.SECONDS)) {
            assertFalse(getsWithin(node(database), name, 1_000), "now held by the second node");
        }
        held.close(); // the first node's dead connection: its unlock fails, and is only logged
    }

    @Test
    void onH2TheThreadsOfTheOneProcessExcludeEachOther() throws Exception {
        DatabaseClusterLocks locks = node(InMemoryDatabase.empty("cluster-locks"));
        ClusterLocks.Held held = locks.hold("startup-data");
        CompletableFuture<ClusterLocks.Held> waiting = CompletableFuture.supplyAsync(() -> locks.hold("startup-data"));
        assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
        held.close();
        held.close(); // a second close must not let two threads in
        ClusterLocks.Held next = waiting.get(5, TimeUnit.SECONDS);
        assertFalse(getsWithin(locks, "startup-data", 300), "one thread at a time, also after a double close");
        next.close();
    }
}
