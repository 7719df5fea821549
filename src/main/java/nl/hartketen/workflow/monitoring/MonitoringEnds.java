package nl.hartketen.workflow.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import nl.hartketen.application.UnitOfWork;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.background.ClusterLoop;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ends telemonitoring that is over by itself, on one node of a cluster at a time: enrolments past their period, and
 * those whose values were stable long enough ({@code MonitoringPlan.isStable}). Each end is a transaction of its own,
 * written by the server ({@link Caller#system()}); the team then refers the patient back.
 */
@ApplicationScoped
public class MonitoringEnds extends ClusterLoop {

    private static final Logger LOG = Logger.getLogger(MonitoringEnds.class.getName());

    @Inject
    Telemonitoring monitoring;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    @ConfigProperty(name = "hartketen.telemonitoring.check-interval", defaultValue = "PT1M")
    Duration interval;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    @Override
    protected String lock() {
        return "telemonitoring";
    }

    @Override
    protected long pauseMillis() {
        return interval.toMillis();
    }

    @Override
    protected void round() {
        for (Telemonitoring.EndDue due : monitoring.dueToEnd()) {
            boolean ended = unitOfWork.run(() -> monitoring.end(due.enrolmentId(), due.reason(), Caller.system()));
            if (ended) {
                LOG.info("Telemonitoring ServiceRequest/" + due.enrolmentId() + " ended: "
                        + due.reason().reason());
            }
        }
    }
}
