package nl.hartketen.application;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Runs several use cases as one: all of them take effect, or none (FHIR transaction Bundles). */
@ApplicationScoped
public class UnitOfWork {

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource database;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Supplier<T> work) {
        T result = work.get();
        confirmWithinTimeout();
        return result;
    }

    /**
     * Payara enforces the timeout of an XA transaction (H2's data source is one) only when a connection joins it. A long
     * unit of work may get its last connection before the timeout and would then commit late, however long it ran; so
     * one more joins at its end, and a unit of work past the timeout is rolled back and refused instead.
     */
    private void confirmWithinTimeout() {
        try (Connection joined = database.getConnection()) {
            requireCommittable();
        } catch (SQLException e) {
            throw new NotCommitted("the transaction could not be confirmed: " + e.getMessage());
        }
    }

    /**
     * For long work inside {@link #run}: stops it once its transaction can no longer commit (the transaction timeout
     * marked it for rollback). Going on would be work for nothing, and slow: every further statement fails to enlist.
     */
    public void requireCommittable() {
        if (transactions.getRollbackOnly()) {
            throw new NotCommitted("the transaction ran past the transaction timeout");
        }
    }
}
