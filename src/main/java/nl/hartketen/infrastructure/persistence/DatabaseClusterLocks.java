package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import nl.hartketen.application.ClusterLocks;

/**
 * Cluster-wide locks as PostgreSQL advisory locks, each held by a connection of its own: when a node dies, its
 * connections close and PostgreSQL releases its locks at once, so a node waiting in {@link #hold} takes over. The
 * embedded H2 file serves one process only, so there a lock within this process is the whole lock. Take a lock outside
 * a transaction: inside one, its connection would be the transaction's.
 */
@ApplicationScoped
public class DatabaseClusterLocks implements ClusterLocks {

    private static final Logger LOG = Logger.getLogger(DatabaseClusterLocks.class.getName());

    /**
     * The first of the two keys of every Hartketen lock ("HKTN"); the second is the lock's name hashed. Flyway's locks
     * take one 64-bit key, a key space of their own.
     */
    static final int NAMESPACE = 0x484B544E;

    @Resource(lookup = "java:app/jdbc/hartketen")
    DataSource dataSource;

    /** A node's own threads queue here, so that only one of them holds a connection for the lock. */
    private final Map<String, Semaphore> inThisNode = new ConcurrentHashMap<>();

    @Override
    public Held hold(String name) {
        Semaphore local = inThisNode.computeIfAbsent(name, n -> new Semaphore(1));
        local.acquireUninterruptibly();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (!Databases.isPostgres(connection)) {
                connection.close();
                return once(local::release);
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, NAMESPACE);
                lock.setInt(2, name.hashCode());
                lock.executeQuery().close(); // returns once it holds the lock
            }
            Connection holder = connection;
            return once(() -> release(holder, name, local));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            local.release();
            throw new StorageFailure("could not take the cluster lock '" + name + "'", e);
        }
    }

    /** A lock closed twice is released once. */
    private static Held once(Runnable release) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        };
    }

    private static void release(Connection connection, String name, Semaphore local) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, NAMESPACE);
            unlock.setInt(2, name.hashCode());
            unlock.executeQuery().close();
        } catch (SQLException e) {
            // The pool would keep this session, and with it the lock: end the session itself, which ends its locks.
            LOG.log(Level.WARNING, "Could not release the cluster lock '" + name + "'; closing its session", e);
            endSession(connection);
        } finally {
            closeQuietly(connection);
            local.release();
        }
    }

    /**
     * Ends the database session under a pooled connection: PostgreSQL drops its locks, and the pool, which validates
     * connections, discards it.
     */
    private static void endSession(Connection connection) {
        try (Statement end = connection.createStatement()) {
            end.execute("SELECT pg_terminate_backend(pg_backend_pid())");
        } catch (SQLException endedOrBroken) {
            // the expected answer: the session ended while answering, or had ended already
            LOG.log(Level.FINE, "A lock's session ended", endedOrBroken);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "Closing a lock's connection failed", e);
        }
    }
}
