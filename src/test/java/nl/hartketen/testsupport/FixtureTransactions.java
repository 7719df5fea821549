package nl.hartketen.testsupport;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction of {@link WritePipeline}, in place of the container's JTA transaction: one database transaction on
 * the one connection, with JPA's resource-local transaction on it, and the synchronizations and resources that the
 * beans register with the {@link TransactionSynchronizationRegistry}, run when the fixture commits or rolls back.
 */
final class FixtureTransactions implements TransactionSynchronizationRegistry {

    private final Connection connection;
    private final EntityManager entityManager;
    private final Map<Object, Object> resources = new HashMap<>();
    private final List<Synchronization> synchronizations = new ArrayList<>();
    private int status = Status.STATUS_NO_TRANSACTION;
    private Object key;

    FixtureTransactions(Connection connection, EntityManager entityManager) {
        this.connection = connection;
        this.entityManager = entityManager;
    }

    void begin() {
        if (status != Status.STATUS_NO_TRANSACTION) {
            throw new IllegalStateException("a transaction is active already");
        }
        status = Status.STATUS_ACTIVE;
        key = new Object();
        entityManager.getTransaction().begin();
    }

    /** Commits, or rolls back when the transaction was marked for rollback (as JTA does). */
    void commit() {
        if (status == Status.STATUS_MARKED_ROLLBACK) {
            rollback();
            throw new IllegalStateException("the transaction was marked for rollback and was rolled back");
        }
        try {
            List.copyOf(synchronizations).forEach(Synchronization::beforeCompletion);
            entityManager.getTransaction().commit(); // writes what JPA holds; the connection's commit is ours
            connection.commit();
        } catch (RuntimeException | SQLException e) {
            rollback();
            throw new IllegalStateException("commit failed", e);
        }
        end(Status.STATUS_COMMITTED);
    }

    void rollback() {
        if (entityManager.getTransaction().isActive()) {
            entityManager.getTransaction().rollback();
        }
        entityManager.clear();
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("rollback failed", e);
        }
        end(Status.STATUS_ROLLEDBACK);
    }

    boolean active() {
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }

    private void end(int outcome) {
        List<Synchronization> registered = List.copyOf(synchronizations);
        synchronizations.clear();
        resources.clear();
        status = Status.STATUS_NO_TRANSACTION;
        key = null;
        registered.forEach(synchronization -> synchronization.afterCompletion(outcome));
    }

    /** Weld's transactional observers ({@code during = AFTER_COMPLETION}) are registered here too. */
    void registerSynchronization(Synchronization synchronization) {
        requireActive();
        synchronizations.add(synchronization);
    }

    @Override
    public Object getTransactionKey() {
        return key;
    }

    @Override
    public void putResource(Object resourceKey, Object value) {
        requireActive();
        resources.put(resourceKey, value);
    }

    @Override
    public Object getResource(Object resourceKey) {
        requireActive();
        return resources.get(resourceKey);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization synchronization) {
        registerSynchronization(synchronization);
    }

    @Override
    public int getTransactionStatus() {
        return status;
    }

    @Override
    public void setRollbackOnly() {
        requireActive();
        status = Status.STATUS_MARKED_ROLLBACK;
    }

    @Override
    public boolean getRollbackOnly() {
        requireActive();
        return status == Status.STATUS_MARKED_ROLLBACK;
    }

    private void requireActive() {
        if (!active()) {
            throw new IllegalStateException(
                    "no transaction: the test must run the use case in WritePipeline.inTransaction");
        }
    }
}
