package nl.hartketen.application.notification;

import java.time.Instant;

/** A stored version of a resource, queued in the transaction that wrote it until the deliverer has matched it. */
public record Change(long position, String type, String id, long version, Instant changedAt) {

    /** "Type/id". */
    public String reference() {
        return type + "/" + id;
    }
}
