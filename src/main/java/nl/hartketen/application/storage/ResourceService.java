package nl.hartketen.application.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Keeps resources that need no workflow of their own (patients, organizations, practitioners…), versioned. */
@ApplicationScoped
@Transactional
public class ResourceService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ResourceStore store;
    private Clock clock;

    protected ResourceService() {
        // for CDI
    }

    @Inject
    public ResourceService(ResourceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A new server-assigned resource id: a UUID of version 7 (RFC 9562), whose first 48 bits are the time in
     * milliseconds and the other 74 random. Ids made one after another sort together, so each table's index takes a
     * moment's new rows into a few pages, where random ids put each row in a page of its own: at a commit, H2 rewrites
     * every page that changed, and PostgreSQL's indexes stay denser. The creation time it shows is already the
     * resource's first {@code meta.lastUpdated}.
     */
    public static String newId() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    public StoredResource create(ResourceContent content) {
        return store.insert(content, clock.instant());
    }

    /** Updates, or creates with the client's id when there is none yet (FHIR update-as-create). */
    public StoredResource createOrUpdate(ResourceContent content, Long expectedVersion) {
        if (expectedVersion == null && !store.exists(content.type(), content.id())) {
            return store.insert(content, clock.instant());
        }
        return store.update(content, expectedVersion, clock.instant());
    }

    /** A new version with the same content and {@code added} index entries ({@link ResourceStore#extend}). */
    public StoredResource extend(String type, String id, List<IndexEntry> added) {
        return store.extend(type, id, added, clock.instant());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    /** Locks the resource's row until the transaction ends; false when there is no such resource. */
    public boolean lock(String type, String id) {
        return store.lock(type, id);
    }

    public StoredResource read(String type, String id) {
        return store.read(type, id).orElseThrow(() -> new ResourceNotFound(type + "/" + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StoredResource read(String type, String id, long version) {
        return store.read(type, id, version)
                .orElseThrow(() -> new ResourceNotFound(type + "/" + id + "/_history/" + version));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String type, String id) {
        return store.exists(type, id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredResource> readAll(Collection<String> references) {
        return store.readAll(references);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredResource> history(String type, String id) {
        List<StoredResource> versions = store.history(type, id);
        if (versions.isEmpty()) {
            throw new ResourceNotFound(type + "/" + id);
        }
        return versions;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public int count(SearchQuery query) {
        return store.count(query);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredResource> search(SearchQuery query, SearchKey after, int limit) {
        return store.search(query, after, limit);
    }
}
