package nl.hartketen.workflow.notification;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.UnitOfWork;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.notification.Change;
import nl.hartketen.application.notification.Delivery;
import nl.hartketen.application.notification.DeliveryPolicy;
import nl.hartketen.application.notification.Notification;
import nl.hartketen.application.notification.NotificationStore;
import nl.hartketen.application.notification.RestHook;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.audit.Access;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.resource.ServerBase;
import nl.hartketen.workflow.search.SubscriptionCriteria;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.types.SubscriptionType;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * The use cases of delivery (docs/notifications.md): matching the changes the writing transactions queued against the
 * subscriptions, and sending each subscription's events in order. Each step is a short transaction of its own; the HTTP
 * call happens between two, holding no connection and no lock. {@link NotificationDeliverer} runs them on one node.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());

    /** Changes matched per transaction. */
    static final int BATCH = 500;

    @Inject
    NotificationStore store;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    ResourceReader reader;

    @Inject
    ResourceWriter writer;

    @Inject
    SubscriptionType subscriptions;

    @Inject
    StoredTypes types;

    @Inject
    AuditTrail audit;

    @Inject
    RestHook hook;

    @Inject
    DeliveryPolicy policy;

    @Inject
    ServerBase serverBase;

    @Inject
    FhirContext context;

    @Inject
    Clock clock;

    /**
     * Matches the oldest queued changes against the subscriptions and adds an event to each that a change matches;
     * returns how many changes it took (0: the queue is empty). A change matches when the subscription's criteria, run as
     * its owner, find the changed resource: so an owner never hears of what it may not see, not even that it changed.
     */
    public int matchQueued() {
        return unitOfWork.run(() -> {
            List<Change> changes = store.changes(BATCH);
            if (changes.isEmpty()) {
                return 0;
            }
            Map<String, List<Watcher>> watchers = watchersByType();
            for (Change change : changes) {
                for (Watcher watcher : watchers.getOrDefault(change.type(), List.of())) {
                    if (matches(watcher, change)) {
                        store.add(
                                watcher.delivery().subscriptionId(),
                                change,
                                UUID.randomUUID().toString());
                    }
                }
            }
            store.remove(changes);
            return changes.size();
        });
    }

    /** The subscriptions with an event to send now. */
    public List<String> due() {
        return store.due(clock.instant());
    }

    /**
     * Sends the subscription's events, oldest first, until none is left or one fails: a failed event is tried again
     * after its backoff before any later one, so a receiver gets each focus's events in order. Up to
     * {@value #SENT_PER_COMMIT} events go out one by one and are then recorded as sent in one transaction: a commit per
     * event was most of the cost (a profile of 10 subscribers). A crash before that commit sends them again, with their
     * ids.
     */
    public void deliver(String subscriptionId) {
        while (true) {
            List<Attempt> attempts = unitOfWork.run(() -> nextAttempts(subscriptionId));
            if (attempts.isEmpty()) {
                return;
            }
            List<Attempt> sent = new ArrayList<>();
            Attempt failed = null;
            String problem = null;
            for (Attempt attempt : attempts) {
                RestHook.Answer answer =
                        hook.post(attempt.endpoint(), attempt.headers(), attempt.contentType(), attempt.body());
                if (!answer.accepted()) {
                    failed = attempt;
                    problem = answer.problem();
                    break;
                }
                sent.add(attempt);
            }
            Attempt failedAttempt = failed;
            String failure = problem;
            unitOfWork.run(() -> {
                sent.forEach(this::sent);
                if (failedAttempt != null) {
                    failed(failedAttempt, failure);
                }
                return null;
            });
            if (failedAttempt != null) {
                return;
            }
        }
    }

    /** Events sent before they are recorded as sent, in one transaction. */
    static final int SENT_PER_COMMIT = 20;

    /** One event ready to go. */
    private record Attempt(
            Delivery delivery,
            Notification event,
            String endpoint,
            List<String> headers,
            String contentType,
            byte[] body,
            String patient) {}

    /**
     * The subscription's next events, ready to send; none while it is not sending or waits out a backoff. An event
     * whose focus the owner may no longer read is withheld: taken from the queue, never sent.
     */
    private List<Attempt> nextAttempts(String subscriptionId) {
        Instant now = clock.instant();
        Optional<Delivery> found = store.delivery(subscriptionId);
        if (found.isEmpty()
                || !found.get().sending()
                || found.get().nextAttemptAt() != null
                        && found.get().nextAttemptAt().isAfter(now)) {
            return List.of();
        }
        Delivery delivery = found.get();
        List<Notification> events = store.next(subscriptionId, SENT_PER_COMMIT);
        if (events.isEmpty()) {
            return List.of();
        }
        Subscription subscription = subscription(subscriptionId);
        if (subscription.getStatus() != SubscriptionStatus.ACTIVE || ended(subscription, now)) {
            return List.of();
        }
        String contentType = SubscriptionType.mimeType(subscription);
        SubscriptionType.Content content = SubscriptionType.content(subscription);
        List<Attempt> attempts = new ArrayList<>();
        for (Notification event : events) {
            Resource focus;
            try {
                // Access is checked again now: an owner whose organization is no longer involved gets nothing.
                focus = reader.read(event.focusType(), event.focusId(), event.focusVersion(), delivery.owner());
            } catch (AccessDenied | ResourceNotFound withheld) {
                store.done(event);
                continue;
            }
            // The focus names the version the event is about; HAPI would strip it from references.
            String body = (SubscriptionType.XML.equals(contentType) ? context.newXmlParser() : context.newJsonParser())
                    .setStripVersionsFromReferences(false)
                    .encodeResourceToString(NotificationBundle.of(
                            event, delivery.eventsSinceStart(), content, focus, serverBase.configured()));
            attempts.add(new Attempt(
                    delivery,
                    event,
                    subscription.getChannel().getEndpoint(),
                    SubscriptionType.headers(subscription),
                    contentType,
                    body.getBytes(StandardCharsets.UTF_8),
                    types.patientOf(focus).orElse(null)));
        }
        return attempts;
    }

    /** Taken by the receiver: gone from the queue, and recorded as a disclosure to the owner. */
    private void sent(Attempt attempt) {
        store.done(attempt.event());
        Notification event = attempt.event();
        audit.record(
                attempt.delivery().owner().at(attempt.endpoint()),
                Access.disclosed(
                        "Subscription/" + event.subscriptionId(),
                        event.focus() + "/_history/" + event.focusVersion(),
                        attempt.patient()));
    }

    /** Tried again after the backoff; after too many failures in a row the subscription goes to error, with why. */
    private void failed(Attempt attempt, String problem) {
        String id = attempt.event().subscriptionId();
        int failures = attempt.delivery().failures() + 1;
        if (!policy.givesUp(failures)) {
            store.failed(id, failures, clock.instant().plus(policy.backoff(failures)), problem);
            return;
        }
        String reason = "delivery failed " + failures + " times in a row, last: " + problem
                + "; events are kept until the subscription is switched back on (status active)";
        store.failed(id, failures, clock.instant(), problem);
        store.stopSending(id, reason);
        Subscription subscription = subscription(id);
        subscription.setStatus(SubscriptionStatus.ERROR);
        subscription.setError(reason);
        writer.update(id, subscription, null, false, Caller.system());
        LOG.warning("Subscription/" + id + " is now in error: " + reason);
    }

    private Subscription subscription(String id) {
        return (Subscription) reader.read("Subscription", id, Caller.system());
    }

    private static boolean ended(Subscription subscription, Instant at) {
        return subscription.hasEnd() && subscription.getEnd().toInstant().isBefore(at);
    }

    /** The subscriptions that take changes, by the type they watch. */
    private Map<String, List<Watcher>> watchersByType() {
        Map<String, List<Watcher>> byType = new HashMap<>();
        for (Delivery delivery : store.matching()) {
            Subscription subscription = subscription(delivery.subscriptionId());
            try {
                SubscriptionCriteria criteria = subscriptions.criteria(subscription);
                byType.computeIfAbsent(criteria.type(), type -> new ArrayList<>())
                        .add(new Watcher(delivery, criteria, subscription));
            } catch (RuleViolation noLongerValid) {
                LOG.log(
                        Level.WARNING,
                        "Subscription/" + delivery.subscriptionId() + " matches nothing: "
                                + noLongerValid.getMessage());
            }
        }
        return byType;
    }

    /** A subscription that takes changes, with its criteria as a search. */
    private record Watcher(Delivery delivery, SubscriptionCriteria criteria, Subscription subscription) {}

    /** Whether the owner's search finds the changed resource now (within a moment of the change). */
    private boolean matches(Watcher watcher, Change change) {
        if (ended(watcher.subscription(), change.changedAt())) {
            return false;
        }
        try {
            return reader.count(reader.visibleTo(
                            watcher.delivery().owner(), watcher.criteria().matching(change.id())))
                    > 0;
        } catch (AccessDenied seesNone) {
            return false;
        }
    }
}
