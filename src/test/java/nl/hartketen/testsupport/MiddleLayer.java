package nl.hartketen.testsupport;

import ca.uhn.fhir.context.FhirContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.audit.AuditSequencer;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.consult.WorkingDays;
import nl.hartketen.domain.waiting.WaitRules;
import nl.hartketen.infrastructure.persistence.InMemoryDatabase;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.types.UnwiredTypes;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Resource;

/**
 * The middle layer without the container: the real application services, FHIR codec and JDBC adapters, built by
 * their constructors over an in-memory H2 database of its own with the real migrations. Everything runs in one
 * database transaction on one connection, as in production everything joins the request's JTA transaction:
 * {@link #commit} keeps what was done (data shared by a test class), {@link #rollback} undoes it (after each test).
 * JPA (the referrals) is opened on first use of {@link #referrals}, resource-local on the same connection. The clock
 * stands still until a test moves it. The FHIR write pipeline (workflow.write) has a fixture of its own, {@link WritePipeline}.
 */
public final class MiddleLayer implements AutoCloseable {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final Connection connection;
    private final OneConnection database;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final SearchParameters searchParameters = UnwiredTypes.all().searchParameters();
    private final ResourceCodec codec = new ResourceCodec(FHIR, searchParameters, List.of());
    private final ResourceStore store;
    private final ResourceService resources;
    private final AccessControl access;
    private final AuditLog audit;
    private EntityManagerFactory persistenceUnit;
    private EntityManager entityManager;
    private ReferralService referrals;

    private MiddleLayer(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        database = new OneConnection(connection);
        store = InMemoryDatabase.resourceStore(database);
        resources = new ResourceService(store, clock);
        access = new AccessControl(InMemoryDatabase.partyStore(database));
        audit = InMemoryDatabase.auditLog(database);
    }

    /** A new database with the whole schema, and a transaction begun on it. */
    public static MiddleLayer open() {
        JdbcDataSource database = InMemoryDatabase.migrated("middle-layer");
        try {
            return new MiddleLayer(database.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the in-memory database", e);
        }
    }

    public ResourceService resources() {
        return resources;
    }

    public AccessControl access() {
        return access;
    }

    public AuditLog audit() {
        return audit;
    }

    /** Seals the queued audit entries as the sequencer does in the background, in the fixture's transaction. */
    public long sealAudit() {
        return new AuditSequencer(audit).sealQueued();
    }

    /**
     * The referral use cases, with the wait rules as configured by default (inpatient treatment: cabg, valve-surgery,
     * tavi; a consult is answered within 3 working days, public holidays off).
     */
    public ReferralService referrals() {
        if (referrals == null) {
            persistenceUnit = InMemoryDatabase.persistenceUnit(database);
            entityManager = persistenceUnit.createEntityManager();
            entityManager.getTransaction().begin();
            WaitRules waitRules = new WaitRules(
                    Set.of("cabg", "valve-surgery", "tavi"), new ResponseTarget(WorkingDays.netherlands(), 3));
            referrals = new ReferralService(
                    InMemoryDatabase.referralRepository(entityManager),
                    store,
                    clock,
                    waitRules,
                    InMemoryDatabase.waitStore(database),
                    InMemoryDatabase.referralCounts(database),
                    InMemoryDatabase.workItems(database));
        }
        return referrals;
    }

    /** The database as the adapters see it: the one connection, in the fixture's transaction. */
    public DataSource database() {
        return database;
    }

    public ResourceCodec codec() {
        return codec;
    }

    public TestClock clock() {
        return clock;
    }

    /** Stores a FHIR resource as the server keeps it (content and search index) under its own id, at the clock's time. */
    public StoredResource store(Resource resource) {
        return resources.create(codec.encode(resource, resource.getIdElement().getIdPart()));
    }

    /** A search as a FHIR URL's query gives it: see {@link SearchQueries#parse}. */
    public SearchQuery query(String type, String query) {
        return SearchQueries.parse(type, query, searchParameters);
    }

    public void commit() {
        if (entityManager != null) {
            entityManager.getTransaction().commit(); // writes what JPA holds; the connection's commit is the fixture's
            entityManager.getTransaction().begin();
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("commit failed", e);
        }
    }

    public void rollback() {
        if (entityManager != null) {
            entityManager.getTransaction().rollback();
            entityManager.clear();
            entityManager.getTransaction().begin();
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("rollback failed", e);
        }
    }

    /** Drops the database. */
    @Override
    public void close() {
        if (persistenceUnit != null) {
            entityManager.getTransaction().rollback();
            persistenceUnit.close();
        }
        try (Statement shutdown = connection.createStatement()) {
            shutdown.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the in-memory database", e);
        }
    }
}
