package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 database as shipped ({@link DataSourceConfiguration#DEFAULT_URL}, on a file of its own): a thread
 * interrupted while it writes (a request timeout, an executor shutting down) does not close the database for
 * everyone else, and every commit is kept.
 */
class EmbeddedDatabaseTest {

    @Test
    void interruptsWhileWritingNeitherCloseTheDatabaseNorLoseCommits(@TempDir Path directory) throws Exception {
        assertTrue(DataSourceConfiguration.DEFAULT_URL.startsWith("jdbc:h2:retry:file:./data/hartketen;"));
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(DataSourceConfiguration.DEFAULT_URL.replace(
                "./data/hartketen", directory.resolve("hartketen").toString()));
        try (Connection keptOpen = database.getConnection()) { // the pool keeps connections open, so does this test
            keptOpen.createStatement().execute("CREATE TABLE written (n INT PRIMARY KEY)");
            AtomicInteger committed = new AtomicInteger();
            AtomicReference<SQLException> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection connection = database.getConnection();
                        PreparedStatement insert = connection.prepareStatement("INSERT INTO written VALUES (?)")) {
                    connection.setAutoCommit(false);
                    for (int n = 1; n <= 3000; n++) {
                        insert.setInt(1, n);
                        insert.executeUpdate();
                        connection.commit();
                        committed.set(n);
                    }
                } catch (SQLException e) {
                    failure.set(e);
                }
            });
            writer.start();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.sleep(2);
            }
            assertEquals(null, failure.get(), "the writer was not stopped by being interrupted");
            assertEquals(3000, committed.get());
            try (ResultSet rs = keptOpen.createStatement().executeQuery("SELECT COUNT(*) FROM written")) {
                rs.next();
                assertEquals(3000, rs.getInt(1), "another connection still reads every commit");
            }
        }
        assertTrue(Files.size(directory.resolve("hartketen.mv.db")) > 0);
    }
}
