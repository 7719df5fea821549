package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Date;
import java.util.function.Consumer;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.domain.referral.ReferralTask;
import nl.hartketen.domain.referral.TaskStep;
import nl.hartketen.workflow.resource.ResourceCodec;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;

/**
 * Moves a request's Task as what happens along the chain or in a consult implies (an appointment, a back-referral,
 * an answer), with the business status that says so: the server does this, not the client.
 */
@ApplicationScoped
public class TaskSteps {

    public static final String BUSINESS_STATUS_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/task-business-status";

    private ReferralService referrals;
    private ResourceService resources;
    private ResourceCodec codec;
    private Clock clock;

    protected TaskSteps() {}

    @Inject
    public TaskSteps(ReferralService referrals, ResourceService resources, ResourceCodec codec, Clock clock) {
        this.referrals = referrals;
        this.resources = resources;
        this.codec = codec;
        this.clock = clock;
    }

    /** Moves the task of the referral {@code referralId} (if it has one yet) a step: see {@link ReferralService#takeStep}. */
    public void move(String referralId, TaskStep step, Caller caller) {
        referrals.takeStep(referralId, step, false, task -> shown(task, step, change -> {}), caller.actor());
    }

    /** As {@link #move(String, TaskStep, Caller)}, and {@code alsoChange} adds to the Task written (e.g. its output). */
    public void move(String referralId, TaskStep step, Caller caller, Consumer<Task> alsoChange) {
        referrals.takeStep(referralId, step, true, task -> shown(task, step, alsoChange), caller.actor());
    }

    /** The stored Task at the status the step reached, with the step's business status: one new version. */
    private ResourceContent shown(ReferralTask moved, TaskStep step, Consumer<Task> alsoChange) {
        Task task = (Task) codec.decode(resources.read("Task", moved.id()));
        task.setStatus(Task.TaskStatus.fromCode(moved.status().code()));
        task.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS_SYSTEM, step.code(), step.display())));
        task.setLastModified(Date.from(clock.instant()));
        alsoChange.accept(task);
        return codec.encode(task, moved.id());
    }
}
