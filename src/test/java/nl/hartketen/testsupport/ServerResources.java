package nl.hartketen.testsupport;

import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import javax.sql.DataSource;
import org.jboss.weld.injection.spi.JpaInjectionServices;
import org.jboss.weld.injection.spi.ResourceInjectionServices;
import org.jboss.weld.injection.spi.ResourceReferenceFactory;
import org.jboss.weld.injection.spi.helpers.SimpleResourceReference;
import org.jboss.weld.transaction.spi.TransactionServices;

/**
 * What the application server hands the beans, for Weld SE in {@link WritePipeline}: the data source
 * ({@code @Resource(lookup = "java:app/jdbc/hartketen")}), the transaction registry ({@code @Resource}), the
 * persistence context ({@code @PersistenceContext}), and the transaction that Weld's transactional observers wait for.
 */
final class ServerResources implements ResourceInjectionServices, JpaInjectionServices, TransactionServices {

    private final DataSource dataSource;
    private final FixtureTransactions transactions;
    private final EntityManagerFactory persistenceUnit;
    private final EntityManager entityManager;

    ServerResources(
            DataSource dataSource,
            FixtureTransactions transactions,
            EntityManagerFactory persistenceUnit,
            EntityManager entityManager) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.persistenceUnit = persistenceUnit;
        this.entityManager = entityManager;
    }

    @Override
    public ResourceReferenceFactory<Object> registerResourceInjectionPoint(InjectionPoint point) {
        Object resource = resourceOf(point.getType());
        // Resolved when a bean is made, not at boot: a bean the tests never use may want what is not here (an
        // executor).
        return () -> new SimpleResourceReference<>(resource != null ? resource : missing(point));
    }

    @Override
    public ResourceReferenceFactory<Object> registerResourceInjectionPoint(String jndiName, String mappedName) {
        throw new UnsupportedOperationException("@Resource by name only: " + jndiName);
    }

    private Object resourceOf(java.lang.reflect.Type type) {
        if (type == DataSource.class) {
            return dataSource;
        }
        if (type == TransactionSynchronizationRegistry.class) {
            return transactions;
        }
        return null;
    }

    private static Object missing(InjectionPoint point) {
        throw new IllegalStateException(
                "WritePipeline has no " + point.getType().getTypeName() + " for " + point.getMember());
    }

    @Override
    public ResourceReferenceFactory<EntityManager> registerPersistenceContextInjectionPoint(InjectionPoint point) {
        return () -> new SimpleResourceReference<>(entityManager);
    }

    @Override
    public ResourceReferenceFactory<EntityManagerFactory> registerPersistenceUnitInjectionPoint(InjectionPoint point) {
        return () -> new SimpleResourceReference<>(persistenceUnit);
    }

    @Override
    public void registerSynchronization(Synchronization synchronization) {
        transactions.registerSynchronization(synchronization);
    }

    @Override
    public boolean isTransactionActive() {
        return transactions.active();
    }

    @Override
    public UserTransaction getUserTransaction() {
        throw new UnsupportedOperationException("the fixture owns the transaction: WritePipeline.inTransaction");
    }

    @Override
    public void cleanup() {
        // the fixture closes the database
    }
}
