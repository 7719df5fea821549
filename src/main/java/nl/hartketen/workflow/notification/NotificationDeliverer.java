package nl.hartketen.workflow.notification;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.ClusterLocks;

/**
 * Delivers notifications in the background, on one node of a cluster at a time: the node holding the cluster lock
 * {@value #LOCK} matches queued changes and sends what is due, every {@value #PAUSE_MILLIS} ms; the others wait for the
 * lock and take over when that node dies. Each subscription is sent to by one task at a time, so its events stay in
 * order, while a slow receiver holds up only its own subscription, never a request.
 */
@ApplicationScoped
public class NotificationDeliverer {

    private static final Logger LOG = Logger.getLogger(NotificationDeliverer.class.getName());

    static final String LOCK = "notifications";

    static final long PAUSE_MILLIS = 250;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedExecutorService senders;

    @Inject
    ClusterLocks locks;

    @Inject
    Notifications notifications;

    /** The subscriptions a task is sending to now. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    private Thread loop;

    /** After the migrations (which observe the same event first). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        loop = threads.newThread(this::run);
        loop.setName("notification-deliverer");
        loop.start();
    }

    private void run() {
        while (!stopping) {
            try (ClusterLocks.Held held = locks.hold(LOCK)) {
                LOG.info("This node delivers the notifications");
                while (!stopping) {
                    round();
                    Thread.sleep(PAUSE_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // e.g. the database away: wait, then take the lock again
                LOG.log(Level.WARNING, "Delivering notifications stopped; starting again shortly", e);
                pause();
            }
        }
    }

    /** Matches everything queued, then starts a task for each subscription with something due and none running. */
    private void round() {
        try {
            while (notifications.matchQueued() == Notifications.BATCH) {
                // more queued: go on matching before sending
            }
            for (String subscription : notifications.due()) {
                if (sending.add(subscription)) {
                    senders.execute(() -> send(subscription));
                }
            }
        } catch (RuntimeException e) {
            // Nothing is lost: unmatched changes stay queued, unsent events stay in their subscription's queue.
            LOG.log(Level.WARNING, "A round of notifications failed; the next round tries again", e);
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

    private void pause() {
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
