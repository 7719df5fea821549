package nl.hartketen.workflow.background;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.ClusterLocks;

/**
 * Background work one node of a cluster does at a time: the node holding the cluster lock {@link #lock()} runs
 * {@link #round()} every {@link #pauseMillis()}; the others wait for the lock and take over when that node dies. A
 * subclass starts it once the application is up ({@link #start()}, from an observer of the application's start).
 */
public abstract class ClusterLoop {

    private static final Logger LOG = Logger.getLogger(ClusterLoop.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ClusterLocks locks;

    private volatile boolean stopping;

    private Thread loop;

    /** The cluster lock, and the name of the loop's thread. */
    protected abstract String lock();

    protected abstract long pauseMillis();

    /** One round of the work; a failure is logged and the next round tries again. */
    protected abstract void round();

    protected void start() {
        loop = threads.newThread(this::run);
        loop.setName(lock());
        loop.start();
    }

    private void run() {
        while (!stopping) {
            try (ClusterLocks.Held held = locks.hold(lock())) {
                LOG.info("This node does the background work '" + lock() + "'");
                while (!stopping) {
                    try {
                        round();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "A round of '" + lock() + "' failed; the next round tries again", e);
                    }
                    Thread.sleep(pauseMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // e.g. the database away: wait, then take the lock again
                LOG.log(Level.WARNING, "'" + lock() + "' stopped; starting again shortly", e);
                pause();
            }
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
