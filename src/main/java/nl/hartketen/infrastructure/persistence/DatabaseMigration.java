package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with the versioned migrations in db/migration before anything touches the
 * database, so that a user's data survives upgrades.
 */
@ApplicationScoped
public class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    private boolean migrated;

    /** Runs before the other startup work (which observes the same event with a later priority). */
    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
                    Object event) {
        migrate();
    }

    public synchronized void migrate() {
        if (migrated) {
            return;
        }
        String product = databaseProduct();
        boolean postgres = product.contains("PostgreSQL");
        MigrateResult result = configuration(dataSource, postgres).load().migrate();
        LOG.info(() -> "Database " + product + ": schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migrations applied now)");
        migrated = true;
    }

    private String databaseProduct() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            // Without this the deployment fails with a stack trace deep in the log; say what to do.
            LOG.severe(() ->
                    "The database cannot be opened: " + e.getMessage() + ". If it is the embedded H2 file and H2 says"
                            + " it is corrupted, restore the last backup or recover it with H2's recovery tool: see docs/operations.md,"
                            + " 'When H2 cannot open its file'.");
            throw new StorageFailure("the database cannot be reached", e);
        }
    }

    /** The migrations for H2 or PostgreSQL, as the application runs them (tests and benchmarks too). */
    static FluentConfiguration configuration(DataSource dataSource, boolean postgres) {
        // db/postgresql holds what only PostgreSQL can do (triggers that keep the audit trail append-only); db/h2 what
        // H2 does in their place.
        String[] locations = postgres
                ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                : new String[] {"classpath:db/migration", "classpath:db/h2"};
        // The column types the migrations leave to the database: H2's TEXT would be a slow LOB.
        Map<String, String> placeholders = Map.of(
                "long_text",
                postgres ? "TEXT" : "VARCHAR(1000000)",
                "large_text",
                postgres ? "TEXT" : "VARCHAR(16000000)");
        return Flyway.configure(DatabaseMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                .placeholders(placeholders)
                // In a rolling upgrade an older node may start on a schema a newer node has migrated: it accepts
                // migrations it does not know (Flyway's default, stated because the upgrade depends on it).
                .ignoreMigrationPatterns("*:future");
    }
}
