package nl.hartketen.application.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;

/**
 * The audit trail: entries are appended in the caller's transaction, so that an access and its entry are committed
 * together or not at all, and sealed into the hash chain afterwards by the sequencer ({@link AuditSequencer}), one
 * batch per transaction of its own. Appending shares no lock with other requests.
 */
@ApplicationScoped
@Transactional
public class AuditLog {

    private AuditEntries entries;
    private AuditChain chain;

    protected AuditLog() {
        // for CDI
    }

    @Inject
    public AuditLog(AuditEntries entries, AuditChain chain) {
        this.entries = entries;
        this.chain = chain;
    }

    public void append(AuditEntry entry) {
        entries.append(entry);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredResource read(String id) {
        return entries.read(id).orElseThrow(() -> new ResourceNotFound("AuditEvent/" + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public int count(SearchQuery query) {
        return entries.count(query);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredResource> search(SearchQuery query, SearchKey after, int limit) {
        return entries.search(query, after, limit);
    }

    /** Seals the next batch of at most {@code max} entries, all in one transaction; how many it sealed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int seal(int max) {
        return chain.seal(max);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChainCheck verify() {
        return chain.verify();
    }
}
