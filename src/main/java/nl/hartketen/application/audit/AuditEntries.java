package nl.hartketen.application.audit;

import java.util.List;
import java.util.Optional;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;

/** Where the audit entries are kept, apart from other resources: appended to, never changed, searched. */
public interface AuditEntries {

    /** Writes the entry and queues it for sealing, in the caller's transaction. Takes no lock others wait for. */
    void append(AuditEntry entry);

    /** The entry as an AuditEvent resource (version 1, lastUpdated when it was recorded). */
    Optional<StoredResource> read(String id);

    /** Counts the entries an AuditEvent search finds (its parameters: see {@code AuditEventType}). */
    int count(SearchQuery query);

    /** Up to {@code limit} of the entries an AuditEvent search finds, after {@code after} (null: from the first). */
    List<StoredResource> search(SearchQuery query, SearchKey after, int limit);
}
