package nl.hartketen.domain.consult;

import static nl.hartketen.domain.referral.TaskStatus.ACCEPTED;
import static nl.hartketen.domain.referral.TaskStatus.COMPLETED;
import static nl.hartketen.domain.referral.TaskStatus.IN_PROGRESS;
import static nl.hartketen.domain.referral.TaskStatus.RECEIVED;

import java.util.List;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.referral.TaskStep;

/**
 * Where a meekijkconsult stands, shown as its Task's business status and set by the server from what happens in the
 * conversation: the client never sets it by hand. The GP's turn keeps the Task's status; the hospital's every step
 * means it has the consult in hand (received, accepted, in progress), and closing or converting completes it.
 */
public enum ConsultStep implements TaskStep {
    /** The GP asked (or asked again): the cardiologist's turn. */
    AWAITING_ANSWER("awaiting-answer", "Awaiting answer", List.of()),
    /** The cardiologist needs more from the GP before answering. */
    AWAITING_GP_INFORMATION(
            "awaiting-gp-information", "Awaiting information from the GP", List.of(RECEIVED, ACCEPTED, IN_PROGRESS)),
    /** The cardiologist answered. */
    ANSWERED("answered", "Answered", List.of(RECEIVED, ACCEPTED, IN_PROGRESS)),
    /** The cardiologist advises a referral the GP did not allow to be made for them: the GP's turn. */
    ADVISES_REFERRAL("advises-referral", "Advises referral", List.of(RECEIVED, ACCEPTED, IN_PROGRESS)),
    /** The GP closed the consult. */
    CLOSED("closed", "Closed", List.of(RECEIVED, ACCEPTED, IN_PROGRESS, COMPLETED)),
    /** Turned into a referral. */
    CONVERTED("converted", "Converted into a referral", List.of(RECEIVED, ACCEPTED, IN_PROGRESS, COMPLETED));

    private final String code;
    private final String display;
    private final List<TaskStatus> path;

    ConsultStep(String code, String display, List<TaskStatus> path) {
        this.code = code;
        this.display = display;
        this.path = path;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public List<TaskStatus> path() {
        return path;
    }
}
