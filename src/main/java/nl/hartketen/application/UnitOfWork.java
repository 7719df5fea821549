package nl.hartketen.application;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Runs several use cases as one: all of them take effect, or none (FHIR transaction Bundles). */
@ApplicationScoped
public class UnitOfWork {

    @Resource
    private TransactionSynchronizationRegistry transactions;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Supplier<T> work) {
        return work.get();
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
