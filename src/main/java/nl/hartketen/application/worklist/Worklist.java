package nl.hartketen.application.worklist;

import java.time.Instant;
import java.util.List;
import nl.hartketen.domain.waiting.Treeknorm;

/**
 * One page of a worklist of an organization, as of {@code at}; {@code more}: a next page (offset + limit) has items.
 */
public record Worklist(
        String list, String organization, Instant at, int offset, int limit, boolean more, List<Entry> items) {

    /**
     * One open request on the list, named by its FHIR references so that a client follows up there.
     *
     * @param daysWaiting the request's wait as the waiting-time report counts it (calendar days in Europe/Amsterdam,
     *     days postponed by the patient left out): so far, or its length once ended ({@code waitEnded}); days since it
     *     was sent for a request without a wait (a back-referral)
     * @param treeknorm the norm of a referral not yet seen (first outpatient visit), with {@code norm} = {@code
     *     within}, {@code past-target} or {@code past-maximum} for its wait so far
     * @param dueAt when a consult waiting for its answer must be answered; {@code overdue} when that has passed
     * @param action what the list's user must do ({@code actionText} says it), or what they wait for; {@code
     *     needsAction} tells the two apart
     */
    public record Entry(
            String request,
            String task,
            String patient,
            String category,
            String status,
            String taskStatus,
            String businessStatus,
            String priority,
            String sender,
            String performer,
            Instant sentAt,
            int daysWaiting,
            boolean waitEnded,
            Treeknorm treeknorm,
            String norm,
            Instant dueAt,
            Boolean overdue,
            String action,
            String actionText,
            boolean needsAction) {}
}
