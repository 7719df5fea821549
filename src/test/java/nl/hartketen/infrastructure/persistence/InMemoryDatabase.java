package nl.hartketen.infrastructure.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.hartketen.application.access.PartyStore;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.chain.ReferralCounts;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.application.waiting.WaitQueries;
import nl.hartketen.application.waiting.WaitStore;
import nl.hartketen.application.worklist.WorkItems;
import nl.hartketen.domain.referral.ReferralRepository;
import org.h2.jdbcx.JdbcDataSource;

/**
 * An in-memory H2 database of its own with the application's schema, brought there by the real migrations as
 * {@link DatabaseMigration} runs them, and the adapters over any data source (their constructors are the package's
 * own; tests elsewhere get them here).
 */
public final class InMemoryDatabase {

    private InMemoryDatabase() {}

    /** A new, empty database (named after {@code purpose}, unique), kept while the JVM runs. */
    public static JdbcDataSource empty(String purpose) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + purpose + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return database;
    }

    /** A new database with the whole schema. */
    public static JdbcDataSource migrated(String purpose) {
        JdbcDataSource database = empty(purpose);
        migrate(database, null);
        return database;
    }

    /** Migrates an H2 database up to {@code target} (a version such as "7"), or all the way when it is null. */
    public static void migrate(DataSource database, String target) {
        var configuration = DatabaseMigration.configuration(database, false);
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }

    public static ResourceStore resourceStore(DataSource database) {
        return new JdbcResourceStore(database);
    }

    /** The audit trail: its entries and their hash chain. */
    public static AuditLog auditLog(DataSource database) {
        return new AuditLog(new JdbcAuditEntries(database), new JdbcAuditChain(database));
    }

    public static PartyStore partyStore(DataSource database) {
        return new JdbcPartyStore(database);
    }

    public static WaitStore waitStore(DataSource database) {
        return new JdbcWaitStore(database);
    }

    /** The counted acts of care, and the figures' queries over them. */
    public static JdbcActivities activities(DataSource database) {
        return new JdbcActivities(database);
    }

    public static WaitQueries waitQueries(DataSource database) {
        return new JdbcWaitQueries(database);
    }

    public static WorkItems workItems(DataSource database) {
        return new JdbcWorkItems(database);
    }

    public static ReferralCounts referralCounts(DataSource database) {
        return new JdbcReferralCounts(database);
    }

    /**
     * The referrals through JPA as the application maps them (META-INF/persistence.xml), on {@code database} in
     * transactions of the caller's (resource-local instead of the container's JTA).
     */
    public static EntityManagerFactory persistenceUnit(DataSource database) {
        return Persistence.createEntityManagerFactory(
                "hartketen",
                Map.of(
                        "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                        "jakarta.persistence.jtaDataSource", "",
                        "jakarta.persistence.nonJtaDataSource", database,
                        "eclipselink.target-server", "None"));
    }

    public static ReferralRepository referralRepository(EntityManager entityManager) {
        return new JpaReferralRepository(entityManager);
    }
}
