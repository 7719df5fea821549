package nl.hartketen.workflow.mapping;

import java.util.Date;
import java.util.Optional;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** Task ↔ the referral task's state. Status mapping is an explicit switch both ways. */
public final class TaskMapping {

    /** Why a Task is on hold; patient-request is what the waiting times leave out (WaitRules.PATIENT_POSTPONED). */
    public static final String HOLD_REASON_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/hold-reason";

    private TaskMapping() {}

    public static TaskChange toChange(Task task) {
        return new TaskChange(
                status(task.getStatus()),
                reason(task.getStatusReason()),
                task.hasBusinessStatus() ? businessStatus(task.getBusinessStatus()) : null,
                References.relative(task.getOwner()).orElse(null));
    }

    /** The Task that opens work on a new request: requested, owned by the performer, for the patient. */
    public static Task newTaskFor(ServiceRequest request, String requestReference, Date now) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFocus(new Reference(requestReference));
        task.addBasedOn(new Reference(requestReference));
        task.setFor(request.getSubject().copy());
        if (request.hasRequester()) {
            task.setRequester(request.getRequester().copy());
        }
        if (request.hasPerformer()) {
            task.setOwner(request.getPerformerFirstRep().copy());
        }
        if (request.hasPriority()) {
            task.setPriority(Task.TaskPriority.fromCode(request.getPriority().toCode()));
        }
        task.setAuthoredOn(now);
        task.setLastModified(now);
        return task;
    }

    /** A code of our hold-reason CodeSystem (which the waiting times read), else the text as people wrote it. */
    private static String reason(CodeableConcept reason) {
        if (reason == null || reason.isEmpty()) {
            return null;
        }
        Optional<String> holdReason = reason.getCoding().stream()
                .filter(coding -> HOLD_REASON_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .findFirst();
        if (holdReason.isPresent()) {
            return holdReason.get();
        }
        if (reason.hasText()) {
            return reason.getText();
        }
        return reason.getCodingFirstRep().hasDisplay()
                ? reason.getCodingFirstRep().getDisplay()
                : reason.getCodingFirstRep().getCode();
    }

    private static String businessStatus(CodeableConcept businessStatus) {
        if (businessStatus.hasCoding() && businessStatus.getCodingFirstRep().hasCode()) {
            return businessStatus.getCodingFirstRep().getCode();
        }
        return businessStatus.hasText() ? businessStatus.getText() : null;
    }

    public static TaskStatus status(Task.TaskStatus status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case DRAFT -> TaskStatus.DRAFT;
            case REQUESTED -> TaskStatus.REQUESTED;
            case RECEIVED -> TaskStatus.RECEIVED;
            case ACCEPTED -> TaskStatus.ACCEPTED;
            case REJECTED -> TaskStatus.REJECTED;
            case READY -> TaskStatus.READY;
            case CANCELLED -> TaskStatus.CANCELLED;
            case INPROGRESS -> TaskStatus.IN_PROGRESS;
            case ONHOLD -> TaskStatus.ON_HOLD;
            case FAILED -> TaskStatus.FAILED;
            case COMPLETED -> TaskStatus.COMPLETED;
            case ENTEREDINERROR -> TaskStatus.ENTERED_IN_ERROR;
            case NULL -> null;
        };
    }
}
