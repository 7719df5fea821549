package nl.hartketen.application.audit;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import nl.hartketen.application.ResourceContent;
import nl.hartketen.application.ResourceStore;
import nl.hartketen.application.StoredResource;

/**
 * Appends audit entries: stored as AuditEvent resources (searchable like any other) and linked into the hash chain.
 * It joins the caller's transaction, so a change and its audit entry are committed together or not at all.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

    private ResourceStore store;
    private AuditChain chain;
    private Clock clock;

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
        chain.link(stored.id(), stored.content());
        return stored;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChainCheck verify() {
        return chain.verify();
    }
}
