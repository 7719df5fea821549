package nl.hartketen.workflow.types;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.workflow.search.References;

/**
 * What a write changes in the state it shares with the patient's other writes (the patient's episode, the
 * organizations involved with the patient): run with the patient's row locked, so that two writes for one patient do
 * so one after the other. Otherwise both would read the episode, and the second would drop the first one's link or
 * open a second episode.
 *
 * <p>The lock is held until the transaction ends, so it is taken as late as possible. A unit of work of many writes (a
 * transaction Bundle) collects its steps ({@link #atTheEnd}) and runs them once all its entries are written, taking
 * the locks of all their patients first, in one order: Bundles over shared patients then wait for one another only for
 * these steps, not for each other's validation and storage, and never the one for a lock the other holds.
 */
@ApplicationScoped
public class PatientSteps {

    private ResourceService resources;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    private record Step(String patient, Runnable work) {}

    /** The steps of a unit of work, not run yet; closed once they are. */
    private static final class Deferred {
        private final List<Step> steps = new ArrayList<>();
        private boolean open = true;
    }

    protected PatientSteps() {}

    @Inject
    public PatientSteps(ResourceService resources) {
        this.resources = resources;
    }

    /** Runs {@code work} with {@code patient} ("Patient/id") locked: now, or at the end of the unit of work. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void run(String patient, Runnable work) {
        Deferred deferred = (Deferred) transactions.getResource(Deferred.class);
        if (deferred != null && deferred.open) {
            deferred.steps.add(new Step(patient, work));
            return;
        }
        lock(patient);
        work.run();
    }

    /** Runs {@code work} in the current transaction, then the patient steps it collected, in order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T atTheEnd(Supplier<T> work) {
        if (transactions.getResource(Deferred.class) != null) {
            return work.get();
        }
        Deferred deferred = new Deferred();
        transactions.putResource(Deferred.class, deferred);
        T result = work.get();
        deferred.open = false;
        new TreeSet<>(deferred.steps.stream().map(Step::patient).toList()).forEach(this::lock);
        deferred.steps.forEach(step -> step.work().run());
        return result;
    }

    private void lock(String patient) {
        resources.lock("Patient", References.idOf(patient, "Patient"));
    }
}
