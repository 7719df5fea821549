package nl.hartketen.application.audit;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.application.storage.StoredResource;

/**
 * Appends audit entries: stored as AuditEvent resources (searchable like any other) and linked into the hash chain.
 * It joins the caller's transaction, so a change and its audit entry are committed together or not at all.
 *
 * <p>Linking locks the chain's head row until the transaction ends. A long unit of work (a Bundle of 100 referrals
 * takes seconds) therefore links its entries only at its end ({@link #linkingAtTheEnd}), so that other audited
 * requests do not wait for all of it.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

    private ResourceStore store;
    private AuditChain chain;
    private Clock clock;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    /** The entries of a unit of work not linked yet; closed once they are. */
    private static final class Deferred {
        private final List<StoredResource> entries = new ArrayList<>();
        private boolean open = true;
    }

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
        Deferred deferred = (Deferred) transactions.getResource(Deferred.class);
        if (deferred != null && deferred.open) {
            deferred.entries.add(stored);
        } else {
            chain.link(List.of(new AuditChain.Entry(stored.id(), stored.content())));
        }
        return stored;
    }

    /** Runs {@code work} in the current transaction and links the audit entries it wrote at its end, in order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T linkingAtTheEnd(Supplier<T> work) {
        if (transactions.getResource(Deferred.class) != null) {
            return work.get();
        }
        Deferred deferred = new Deferred();
        transactions.putResource(Deferred.class, deferred);
        T result = work.get();
        deferred.open = false;
        if (!deferred.entries.isEmpty()) {
            chain.link(deferred.entries.stream()
                    .map(entry -> new AuditChain.Entry(entry.id(), entry.content()))
                    .toList());
        }
        return result;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChainCheck verify() {
        return chain.verify();
    }
}
