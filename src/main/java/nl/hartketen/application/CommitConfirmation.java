package nl.hartketen.application;

import java.util.ArrayDeque;
import java.util.Deque;

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

    private CommitConfirmation() {
    }

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

    private static Object confirmed(InvocationContext invocation, boolean startsTransaction) throws Exception {
        if (!startsTransaction) {
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
            throw new NotCommitted(outcome.status == Status.STATUS_ROLLEDBACK
                    ? "the transaction was rolled back (it ran past the transaction timeout or the database ended it)"
                    : "the transaction's end is not known (status " + outcome.status + ")");
        }
        return result;
    }

    private static Object watched(InvocationContext invocation, TransactionSynchronizationRegistry transactions) throws Exception {
        Outcome outcome = STARTED.get().peek();
        if (outcome != null && !outcome.watched) {
            outcome.watched = true;
            transactions.registerInterposedSynchronization(outcome);
        }
        return invocation.proceed();
    }

    /** Around the container's REQUIRED interceptor (priority 200): starts watching when no transaction is active yet. */
    @Interceptor
    @Transactional(TxType.REQUIRED)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 199)
    public static class AroundRequired {
        @Resource
        private TransactionSynchronizationRegistry transactions;

        @AroundInvoke
        public Object confirm(InvocationContext invocation) throws Exception {
            return confirmed(invocation, transactions.getTransactionKey() == null);
        }
    }

    /** Around the container's REQUIRES_NEW interceptor: always a transaction of its own. */
    @Interceptor
    @Transactional(TxType.REQUIRES_NEW)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 199)
    public static class AroundRequiresNew {
        @AroundInvoke
        public Object confirm(InvocationContext invocation) throws Exception {
            return confirmed(invocation, true);
        }
    }

    /** Inside the container's REQUIRED interceptor, in the transaction it started. */
    @Interceptor
    @Transactional(TxType.REQUIRED)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
    public static class InsideRequired {
        @Resource
        private TransactionSynchronizationRegistry transactions;

        @AroundInvoke
        public Object watch(InvocationContext invocation) throws Exception {
            return watched(invocation, transactions);
        }
    }

    /** Inside the container's REQUIRES_NEW interceptor, in the transaction it started. */
    @Interceptor
    @Transactional(TxType.REQUIRES_NEW)
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 201)
    public static class InsideRequiresNew {
        @Resource
        private TransactionSynchronizationRegistry transactions;

        @AroundInvoke
        public Object watch(InvocationContext invocation) throws Exception {
            return watched(invocation, transactions);
        }
    }
}
