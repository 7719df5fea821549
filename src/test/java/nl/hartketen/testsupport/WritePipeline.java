package nl.hartketen.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.NormalScope;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import nl.hartketen.application.CommitConfirmation;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.audit.AuditSequencer;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.infrastructure.ClockProducer;
import nl.hartketen.infrastructure.persistence.DatabaseMigration;
import nl.hartketen.infrastructure.persistence.InMemoryDatabase;
import nl.hartketen.interfaces.fhir.FhirContextProducer;
import nl.hartketen.interfaces.reports.WaitRulesConfiguration;
import nl.hartketen.workflow.chain.CensusFolding;
import nl.hartketen.workflow.data.FhirStartup;
import nl.hartketen.workflow.monitoring.MonitoringEnds;
import nl.hartketen.workflow.notification.NotificationDeliverer;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.validation.ProfileValidator;
import nl.hartketen.workflow.write.ResourceWriter;
import org.h2.jdbcx.JdbcDataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The FHIR write pipeline without the application server: the real beans of {@code application},
 * {@code infrastructure} and {@code workflow} wired by CDI (Weld SE) as the server wires them, over an in-memory H2
 * database with the real migrations, JDBC and JPA on one connection ({@link OneConnection}).
 *
 * <p>What the server adds is stood in for: the data source, the persistence context and the transaction registry
 * ({@link ServerResources}), configuration at its declared defaults ({@link ConfigDefaults}), and a clock that stands
 * still until a test moves it. There is no {@code @Transactional} interceptor outside the server: the fixture owns the
 * transaction, and a test runs each use case in {@link #inTransaction}, which commits it, or rolls it back when it
 * throws (as the server does for the exceptions the application throws). The commit confirmation interceptors
 * ({@link CommitConfirmation}) need the server's transaction manager and are left out; so are the startup migration
 * (the fixture migrates), the server's start-up work ({@link FhirStartup}: the fixture loads what it needs) and the audit
 * sequencer ({@link #sealAudit} runs it). What the server runs in a transaction of its own ({@code REQUIRES_NEW}: UnitOfWork, a consult's
 * advice to refer; {@code NOT_SUPPORTED}: the writer's conditional create and consult conversion) runs in the test's one
 * transaction here: what depends on that separation is left to the container tests.
 *
 * <p>Starting takes seconds (CDI, FHIR context, the validator's definitions), so there is one per JVM, {@link #shared};
 * tests keep apart by writing their own patients, practitioners and organizations.
 */
public final class WritePipeline {

    private static WritePipeline shared;

    /** Everything outside these packages is left to the server; within them, what needs it is vetoed. */
    private static final List<String> PACKAGES =
            List.of("nl/hartketen/application", "nl/hartketen/infrastructure", "nl/hartketen/workflow");

    private static final Set<Class<?>> LEFT_OUT = Set.of(
            CommitConfirmation.class,
            DatabaseMigration.class,
            FhirStartup.class,
            ClockProducer.class,
            AuditSequencer.class,
            CensusFolding.class,
            NotificationDeliverer.class,
            MonitoringEnds.class);

    private final WeldContainer container;
    private final FixtureTransactions transactions;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));

    private WritePipeline() throws SQLException {
        JdbcDataSource database = InMemoryDatabase.migrated("write-pipeline");
        Connection connection = database.getConnection();
        connection.setAutoCommit(false);
        OneConnection oneConnection = new OneConnection(connection);
        EntityManagerFactory persistenceUnit = InMemoryDatabase.persistenceUnit(oneConnection);
        EntityManager entityManager = persistenceUnit.createEntityManager();
        transactions = new FixtureTransactions(connection, entityManager);
        Weld weld = new Weld("write-pipeline")
                .disableDiscovery()
                .addBeanClasses(beanClasses())
                .addBeanClasses(FhirContextProducer.class, WaitRulesConfiguration.class, ConfigDefaults.class)
                .addExtension(new Substitutes(clock))
                .addServices(new ServerResources(oneConnection, transactions, persistenceUnit, entityManager));
        container = weld.initialize();
        StoredTypes types = bean(StoredTypes.class);
        // The definitions load on the first validations; the server does it at startup, off the request path.
        bean(ProfileValidator.class)
                .warmUp(List.of(), resource -> types.of(resource).profile());
    }

    /** The pipeline of this JVM, started on first use. */
    public static synchronized WritePipeline shared() {
        if (shared == null) {
            try {
                shared = new WritePipeline();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open the in-memory database", e);
            }
        }
        return shared;
    }

    public <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    public ResourceWriter writer() {
        return bean(ResourceWriter.class);
    }

    public ResourceReader reader() {
        return bean(ResourceReader.class);
    }

    public ResourceService resources() {
        return bean(ResourceService.class);
    }

    /** A search as a FHIR URL's query gives it: see {@link SearchQueries#parse}. */
    public SearchQuery query(String type, String query) {
        return SearchQueries.parse(type, query, bean(SearchParameters.class));
    }

    public TestClock clock() {
        return clock;
    }

    /**
     * Seals the queued audit entries, in a transaction, as the sequencer does in the background (left out here: it
     * needs the server's scheduler).
     */
    public long sealAudit() {
        return inTransaction(() -> new AuditSequencer(bean(AuditLog.class)).sealQueued());
    }

    /** Runs {@code work} in a transaction of its own: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Supplier<T> work) {
        transactions.begin();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            transactions.rollback();
            throw e;
        }
        transactions.commit();
        return result;
    }

    /** The beans among the compiled classes of {@link #PACKAGES}: those with a bean-defining annotation (as beans.xml says). */
    private static Class<?>[] beanClasses() {
        try {
            Path classes = Path.of(ResourceWriter.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return PACKAGES.stream()
                    .flatMap(pkg -> classFiles(classes, classes.resolve(pkg)))
                    .map(WritePipeline::load)
                    .flatMap(Optional::stream)
                    .filter(WritePipeline::beanDefining)
                    .toArray(Class<?>[]::new);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<String> classFiles(Path root, Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files
                    .map(root::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".class"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scope or {@code @Interceptor}: Weld SE makes a bean of every class added, as in discovery mode "all". */
    private static boolean beanDefining(Class<?> type) {
        return Stream.of(type.getDeclaredAnnotations())
                .map(java.lang.annotation.Annotation::annotationType)
                .anyMatch(annotation -> annotation.isAnnotationPresent(NormalScope.class)
                        || annotation == Dependent.class
                        || annotation == Interceptor.class);
    }

    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, WritePipeline.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leaves out what needs the server ({@link #LEFT_OUT}, with its nested classes) and adds the test clock. */
    static final class Substitutes implements Extension {

        private final Clock clock;

        Substitutes(Clock clock) {
            this.clock = clock;
        }

        void leaveOut(
                @Observes @WithAnnotations({ApplicationScoped.class, Interceptor.class}) ProcessAnnotatedType<?> type) {
            Class<?> bean = type.getAnnotatedType().getJavaClass();
            Class<?> outermost = bean;
            while (outermost.getEnclosingClass() != null) {
                outermost = outermost.getEnclosingClass();
            }
            if (LEFT_OUT.contains(outermost)) {
                type.veto();
            }
        }

        void addClock(@Observes AfterBeanDiscovery discovery) {
            discovery
                    .addBean()
                    .types(Clock.class, Object.class)
                    .scope(Dependent.class)
                    .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                    .createWith(context -> clock);
        }
    }
}
