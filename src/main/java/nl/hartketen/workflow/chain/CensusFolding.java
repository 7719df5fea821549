package nl.hartketen.workflow.chain;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.ReferralService;

/**
 * Folds the census counts every {@link #EVERY}: the changes written more than {@link #SETTLED} ago are summed into one
 * row per count, so that a read sums few rows however many changes there were.
 */
@ApplicationScoped
public class CensusFolding {

    private static final Logger LOG = Logger.getLogger(CensusFolding.class.getName());

    /**
     * Longer than any transaction runs (the transaction timeout is 60 s): a change written before this is committed,
     * or never will be, so a fold sees every change it removes.
     */
    static final Duration SETTLED = Duration.ofMinutes(2);

    private static final Duration EVERY = Duration.ofSeconds(30);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ReferralService referrals;

    @Inject
    Clock clock;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        scheduler.scheduleWithFixedDelay(this::fold, EVERY.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    private void fold() {
        try {
            referrals.foldCounts(clock.instant().minus(SETTLED));
        } catch (RuntimeException e) {
            // The next fold takes these rows along; until then a read sums a few more.
            LOG.log(Level.WARNING, "Folding the census counts failed", e);
        }
    }
}
