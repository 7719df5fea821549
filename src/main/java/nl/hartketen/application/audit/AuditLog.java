package nl.hartketen.application.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import nl.hartketen.application.ResourceContent;
import nl.hartketen.application.ResourceStore;
import nl.hartketen.application.StoredResource;

/**
 * Appends audit entries: stored as AuditEvent resources (searchable like any other) and linked into the hash chain.
 * It joins the caller's transaction, so a change and its audit entry are committed together or not at all.
 *
 * <p>The entries of a transaction are linked just before it commits, all at once: the chain's head row is then locked
 * for milliseconds, not for the whole transaction (a Bundle of 100 referrals takes seconds, and every other audited
 * request would wait for it). Links follow commit order.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

    private ResourceStore store;
    private AuditChain chain;
    private Clock clock;
    @Resource
    private TransactionSynchronizationRegistry transactions;

    protected AuditLog() {
        // for CDI
    }

    @Inject
    public AuditLog(ResourceStore store, AuditChain chain, Clock clock) {
        this.store = store;
        this.chain = chain;
        this.clock = clock;
    }

    public StoredResource append(ResourceContent event) {
        StoredResource stored = store.insert(event, clock.instant());
        toLinkBeforeCommit().add(stored);
        return stored;
    }

    @SuppressWarnings("unchecked")
    private List<StoredResource> toLinkBeforeCommit() {
        List<StoredResource> pending = (List<StoredResource>) transactions.getResource(AuditLog.class);
        if (pending == null) {
            List<StoredResource> entries = new ArrayList<>();
            transactions.putResource(AuditLog.class, entries);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    entries.forEach(entry -> chain.link(entry.id(), entry.content()));
                }

                @Override
                public void afterCompletion(int status) {
                    // linked in beforeCompletion, or rolled back with the transaction
                }
            });
            pending = entries;
        }
        return pending;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChainCheck verify() {
        return chain.verify();
    }
}
