package nl.hartketen.workflow.notification;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.workflow.background.ClusterLoop;

/**
 * Delivers notifications in the background, on one node of a cluster at a time: the node holding the cluster lock
 * {@value #LOCK} matches queued changes and sends what is due, every {@value #PAUSE_MILLIS} ms; the others wait for the
 * lock and take over when that node dies. Each subscription is sent to by one task at a time, so its events stay in
 * order, while a slow receiver holds up only its own subscription, never a request.
 */
@ApplicationScoped
public class NotificationDeliverer extends ClusterLoop {

    private static final Logger LOG = Logger.getLogger(NotificationDeliverer.class.getName());

    static final String LOCK = "notifications";

    static final long PAUSE_MILLIS = 250;

    @Resource
    ManagedExecutorService senders;

    @Inject
    Notifications notifications;

    /** The subscriptions a task is sending to now. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();

    /** After the migrations (which observe the same event first). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    @Override
    protected String lock() {
        return LOCK;
    }

    @Override
    protected long pauseMillis() {
        return PAUSE_MILLIS;
    }

    /** Matches everything queued, then starts a task for each subscription with something due and none running. */
    @Override
    protected void round() {
        // Nothing is lost when a round fails: unmatched changes stay queued, unsent events in their subscription's
        // queue.
        while (notifications.matchQueued() == Notifications.BATCH) {
            // more queued: go on matching before sending
        }
        for (String subscription : notifications.due()) {
            if (sending.add(subscription)) {
                senders.execute(() -> send(subscription));
            }
        }
    }

    private void send(String subscription) {
        try {
            notifications.deliver(subscription);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sending to Subscription/" + subscription + " failed; trying again", e);
        } finally {
            sending.remove(subscription);
        }
    }
}
