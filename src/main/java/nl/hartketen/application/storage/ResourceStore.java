package nl.hartketen.application.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where resources and their versions are kept, with their search index. */
public interface ResourceStore {

    /** Stores version 1 of a new resource. */
    StoredResource insert(ResourceContent content, Instant now);

    /**
     * Stores the next version of an existing resource.
     *
     * @param expectedVersion the version the client based its change on, or null to take the latest
     * @throws ResourceNotFound when there is no such resource
     * @throws VersionConflict when {@code expectedVersion} is not the current version
     */
    StoredResource update(ResourceContent content, Long expectedVersion, Instant now);

    /**
     * Stores the next version of an existing resource with its content unchanged, adding {@code added} to its index:
     * for what a resource shows from elsewhere (an episode's referral list), which grows without rewriting the rest.
     *
     * @throws ResourceNotFound when there is no such resource
     */
    StoredResource extend(String type, String id, List<IndexEntry> added, Instant now);

    /**
     * Locks the resource's row until the transaction ends: whoever locks it next waits.
     *
     * @return false when there is no such resource
     */
    boolean lock(String type, String id);

    Optional<StoredResource> read(String type, String id);

    Optional<StoredResource> read(String type, String id, long version);

    boolean exists(String type, String id);

    /** Current versions of the given references ("Type/id"), in no particular order; missing ones are left out. */
    List<StoredResource> readAll(Collection<String> references);

    /** All versions, newest first. */
    List<StoredResource> history(String type, String id);

    int count(SearchQuery query);

    /**
     * Up to {@code limit} matches in the query's order, starting after {@code after} (null: from the first). Paging by
     * key: a page costs the same however deep it is, and a resource written between two pages shifts none.
     */
    List<StoredResource> search(SearchQuery query, SearchKey after, int limit);
}
