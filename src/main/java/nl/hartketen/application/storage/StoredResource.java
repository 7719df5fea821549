package nl.hartketen.application.storage;

import java.time.Instant;

/** One stored version of a resource. */
public record StoredResource(String type, String id, long version, Instant lastUpdated, String content) {

    public String reference() {
        return type + "/" + id;
    }
}
