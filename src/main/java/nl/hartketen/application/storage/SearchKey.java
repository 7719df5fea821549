package nl.hartketen.application.storage;

import java.time.Instant;

/** Where a resource stands in a search's order (last updated, then id): a page starts after one such key. */
public record SearchKey(Instant lastUpdated, String id) {

    public static SearchKey of(StoredResource resource) {
        return new SearchKey(resource.lastUpdated(), resource.id());
    }
}
