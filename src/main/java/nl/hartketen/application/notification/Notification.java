package nl.hartketen.application.notification;

import java.time.Instant;

/**
 * An event a subscription still has to deliver.
 *
 * @param eventNumber the subscription's count of events up to this one: in order, and the same on every attempt
 * @param eventId     a UUID that stays the same on every attempt, so that a receiver can drop a second delivery
 */
public record Notification(
        String subscriptionId,
        long eventNumber,
        String eventId,
        String focusType,
        String focusId,
        long focusVersion,
        Instant occurredAt) {

    /** "Type/id" of the resource the event is about. */
    public String focus() {
        return focusType + "/" + focusId;
    }
}
