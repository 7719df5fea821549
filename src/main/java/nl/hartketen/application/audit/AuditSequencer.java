package nl.hartketen.application.audit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Seals the audit trail in the background, as the one integrator of a transparency log does: every
 * {@value #INTERVAL_MILLIS} ms it seals what has been queued, a batch per transaction, until the queue is empty. On
 * several nodes each runs one, and only the one holding the chain's head row seals; the others skip that round.
 */
@ApplicationScoped
public class AuditSequencer {

    private static final Logger LOG = Logger.getLogger(AuditSequencer.class.getName());

    /** The pause between rounds: with a round's own time it keeps the unsealed tail well under a second. */
    static final long INTERVAL_MILLIS = 200;

    /** Entries per transaction: large enough to keep up under load, small enough to commit quickly. */
    public static final int BATCH = 1000;

    private AuditLog log;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> rounds;

    protected AuditSequencer() {
        // for CDI
    }

    @Inject
    public AuditSequencer(AuditLog log) {
        this.log = log;
    }

    /** After the migrations (which observe the same event first). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        rounds = scheduler.scheduleWithFixedDelay(
                this::sealQueued, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Seals every queued entry; how many. A failed batch is rolled back whole and tried again next round. */
    public long sealQueued() {
        long sealed = 0;
        try {
            int batch;
            do {
                batch = log.seal(BATCH);
                sealed += batch;
            } while (batch == BATCH);
        } catch (RuntimeException e) {
            // Must not end the schedule: the entries stay queued and the next round seals them.
            LOG.log(Level.WARNING, "sealing the audit trail failed; trying again in the next round", e);
        }
        return sealed;
    }

    @PreDestroy
    void stop() {
        if (rounds != null) {
            rounds.cancel(false);
        }
    }
}
