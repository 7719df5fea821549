package nl.hartketen.application.notification;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.Caller;

/** Where subscriptions' delivery state, the outbox of changes and the events still to deliver are kept. */
public interface NotificationStore {

    /** Up to {@code limit} queued changes, oldest first. */
    List<Change> changes(int limit);

    /** Removes changes once matched. */
    void remove(Collection<Change> changes);

    /**
     * Keeps the delivery state of a subscription that was created or changed. {@code owner} is kept from its first
     * write on. Made {@code active}, it sends again from its oldest undelivered event, with its failures forgotten; not
     * active, it neither matches nor sends.
     */
    void configure(String subscriptionId, Caller owner, String criteriaType, boolean active);

    /** Stops sending after repeated failures; it goes on collecting its events until it is switched back on. */
    void stopSending(String subscriptionId, String reason);

    Optional<Delivery> delivery(String subscriptionId);

    /** The subscriptions that take new changes. */
    List<Delivery> matching();

    /** Adds the next event of the subscription: its number is one more than the last. */
    Notification add(String subscriptionId, Change change, String eventId);

    /** The subscriptions that are sending and have an event due at {@code now}. */
    List<String> due(Instant now);

    /** The subscription's oldest undelivered events, up to {@code limit}, oldest first. */
    List<Notification> next(String subscriptionId, int limit);

    /** The event went out (or may not: withheld); the subscription's failures are forgotten. */
    void done(Notification notification);

    /** An attempt failed: the failures in a row so far, when to try again, and why. */
    void failed(String subscriptionId, int failures, Instant nextAttempt, String error);
}
