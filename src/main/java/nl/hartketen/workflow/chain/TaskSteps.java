package nl.hartketen.workflow.chain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.application.ReferralService;
import nl.hartketen.application.ResourceService;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralTask;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.mapping.TaskMapping;

/**
 * Moves a request's Task as what happens along the chain or in a consult implies (an appointment, a back-referral,
 * an answer), with the business status that says so: the server does this, not the client.
 */
@ApplicationScoped
public class TaskSteps {

    public static final String BUSINESS_STATUS_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/task-business-status";
    /** Nothing to add to the Task beyond its status. */
    public static final Consumer<Task> NO_CHANGE = task -> { };

    private ReferralService referrals;
    private ResourceService resources;
    private ResourceCodec codec;
    private Clock clock;

    protected TaskSteps() {
    }

    @Inject
    public TaskSteps(ReferralService referrals, ResourceService resources, ResourceCodec codec, Clock clock) {
        this.referrals = referrals;
        this.resources = resources;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Moves the referral's task along {@code path} as far as its state machine allows, with the new business status;
     * {@code alsoChange} adds to the last version written (e.g. the task's output).
     */
    public void move(Referral referral, String businessStatus, String display, List<TaskStatus> path, Caller caller,
                          Consumer<Task> alsoChange) {
        Optional<ReferralTask> task = referral.task();
        if (task.isEmpty()) {
            return;
        }
        List<TaskStatus> steps = new ArrayList<>();
        TaskStatus current = task.get().status();
        for (TaskStatus next : path) {
            if (current.successors().contains(next)) {
                steps.add(next);
                current = next;
            }
        }
        if (steps.isEmpty()) {
            if (businessStatus.equals(task.get().businessStatus()) && alsoChange == NO_CHANGE) {
                return;
            }
            steps.add(current);
        }
        for (int i = 0; i < steps.size(); i++) {
            writeTask(task.get().id(), steps.get(i), businessStatus, display, caller, i == steps.size() - 1 ? alsoChange : NO_CHANGE);
        }
    }

    private void writeTask(String id, TaskStatus status, String businessStatus, String display, Caller caller, Consumer<Task> alsoChange) {
        Task task = (Task) codec.decode(resources.read("Task", id));
        task.setStatus(Task.TaskStatus.fromCode(status.code()));
        task.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS_SYSTEM, businessStatus, display)));
        task.setLastModified(Date.from(clock.instant()));
        alsoChange.accept(task);
        referrals.changeTask(TaskMapping.toChange(task), codec.encode(task, id), null, caller.actor());
    }
}
