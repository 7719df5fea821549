package nl.hartketen.application;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An answer only after a commit. The container's {@code @Transactional} interceptor ends a transaction that is marked
 * for rollback (by the transaction timeout, say) by rolling it back <em>silently</em>: the method returns its result as
 * if all was stored, and a client would be told "201 Created" for nothing. So every transaction this application starts
 * is watched: an interceptor around the container's notes that a transaction is about to start, one inside it registers
 * for the transaction's real end, and the outer one turns any end but a commit into {@link NotCommitted}.
 */
public final class CommitConfirmation {

    /** How the transactions started on this thread ended; the innermost last. */
    private static final ThreadLocal<Deque<Outcome>> STARTED = ThreadLocal.withInitial(ArrayDeque::new);

    private CommitConfirmation() {}

    private static final class Outcome implements Synchronization {
        private volatile int status = Status.STATUS_UNKNOWN;
        private boolean watched;

        @Override
        public void beforeCompletion() {
            // nothing to do before; only the end counts
        }

        @Override
        public void afterCompletion(int status) {
            this.status = status;
        }
    }

    /** Around the container's interceptor: whether this call starts a transaction, and then how it ended. */
    abstract static class Confirming {
        @Resource
        TransactionSynchronizationRegistry transactions;

        @AroundInvoke
        public Object confirm(InvocationContext invocation) throws Exception {
            if (!startsTransaction()) {
                return invocation.proceed();
            }
            Deque<Outcome> started = STARTED.get();
            Outcome outcome = new Outcome();
            started.push(outcome);
            Object result;
            try {
                result = invocation.proceed();
            } finally {
                started.pop();
                if (started.isEmpty()) {
                    STARTED.remove();
                }
            }
            if (outcome.status != Status.STATUS_COMMITTED) {
                throw new NotCommitted(
                        outcome.status == Status.STATUS_ROLLEDBACK
                                ? "the transaction was rolled back (it ran past the transaction timeout or the database ended it)"
                                : "the transaction's end is not known (status " + outcome.status + ")");
            }
            return result;
        }

        abstract boolean startsTransaction();
    }

    /** Inside the container's interceptor, in the transaction it started: registers for that transaction's end. */
    abstract static class Watching {
        @Resource
        TransactionSynchronizationRegistry transactions;

        @AroundInvoke
        public Object watch(InvocationContext invocation) throws Exception {
            Outcome outcome = STARTED.get().peek();
            if (outcome != null && !outcome.watched) {
                outcome.watched = true;
                transactions.registerInterposedSynchronization(outcome);
            }
            return invocation.proceed();
        }
    }

    /** Around the container's REQUIRED interceptor (priority 200): a transaction starts when none is active yet. */
    @Interceptor
    @Transactional(TxType.REQUIRED)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 199)
    public static class AroundRequired extends Confirming {
        @Override
        boolean startsTransaction() {
            return transactions.getTransactionKey() == null;
        }
    }

    /** Around the container's REQUIRES_NEW interceptor: always a transaction of its own. */
    @Interceptor
    @Transactional(TxType.REQUIRES_NEW)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 199)
    public static class AroundRequiresNew extends Confirming {
        @Override
        boolean startsTransaction() {
            return true;
        }
    }

    @Interceptor
    @Transactional(TxType.REQUIRED)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
    public static class InsideRequired extends Watching {}

    @Interceptor
    @Transactional(TxType.REQUIRES_NEW)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
    public static class InsideRequiresNew extends Watching {}
}
