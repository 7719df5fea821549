package nl.hartketen.application.worklist;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.domain.consult.ConsultStep;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralTask;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskStatus;

/**
 * An open request as the worklists see it: who sent it, who performs it, and whose turn it is. Kept with every change
 * of the request ({@link WorkItems#keep}); migration V16 applies the same rules to the requests stored before it.
 */
public record WorkItem(
        String requestId,
        String taskId,
        RequestCategory category,
        Turn turn,
        String sender,
        String performer,
        String priority,
        Instant authoredOn,
        String subject,
        RequestStatus requestStatus,
        TaskStatus taskStatus,
        String businessStatus) {

    /** A consult in one of these steps waits for the GP. */
    private static final Set<String> GP_TURN = Set.of(
            ConsultStep.AWAITING_GP_INFORMATION.code(),
            ConsultStep.ANSWERED.code(),
            ConsultStep.ADVISES_REFERRAL.code());

    /**
     * The request on the worklists, or empty when it is on none: closed or revoked, its Task not sent yet (draft) or
     * closed. A rejected Task stays, as the sender's turn, until the sender withdraws the request.
     */
    public static Optional<WorkItem> of(Referral request) {
        if (request.status() != RequestStatus.ACTIVE && request.status() != RequestStatus.ON_HOLD
                || request.task().isEmpty()
                || request.authoredOn() == null) {
            return Optional.empty();
        }
        ReferralTask task = request.task().get();
        TaskStatus status = task.status();
        if (status == TaskStatus.DRAFT || status.isFinal() && status != TaskStatus.REJECTED) {
            return Optional.empty();
        }
        return Optional.of(new WorkItem(
                request.id(),
                task.id(),
                request.category(),
                turn(request.category(), status, task.businessStatus()),
                request.sender(),
                request.performer(),
                request.priority(),
                request.authoredOn(),
                request.subject(),
                request.status(),
                status,
                task.businessStatus()));
    }

    private static Turn turn(RequestCategory category, TaskStatus status, String businessStatus) {
        if (status == TaskStatus.REJECTED) {
            return Turn.SENDER;
        }
        if (category == RequestCategory.MEEKIJKCONSULT) {
            // The consult's step says whose turn it is; its Task stays in progress through the conversation.
            if (businessStatus == null || businessStatus.equals(ConsultStep.AWAITING_ANSWER.code())) {
                return Turn.PERFORMER;
            }
            return GP_TURN.contains(businessStatus) ? Turn.SENDER : Turn.IN_HAND;
        }
        return status == TaskStatus.REQUESTED || status == TaskStatus.RECEIVED ? Turn.PERFORMER : Turn.IN_HAND;
    }
}
