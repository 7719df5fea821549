package nl.hartketen.domain.monitoring;

import java.util.Arrays;
import java.util.Optional;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;

/**
 * How the monitoring team works an alert (a Task it owns): it acknowledges it (accepted or in-progress) and closes it
 * (completed) with what it did, a business status of {@link Action}. The time of each is kept for the figures.
 */
public final class AlertHandling {

    /** What the team did about an alert. */
    public enum Action {
        VISIT("visit-planned", "Visit planned"),
        MEDICATION("medication-adjusted", "Medication adjusted"),
        ESCALATION("escalated-along-chain", "Escalated along the chain"),
        NONE("no-action-needed", "No action needed");

        private final String code;
        private final String display;

        Action(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() {
            return code;
        }

        public String display() {
            return display;
        }

        public static Optional<Action> forCode(String code) {
            return Arrays.stream(values())
                    .filter(action -> action.code.equals(code))
                    .findFirst();
        }
    }

    /** The step an alert's Task takes. */
    public enum Step {
        /** Nothing the figures count changes (e.g. a note added). */
        NONE,
        ACKNOWLEDGED,
        /** Closed; acknowledged at the same moment if it was not before. */
        CLOSED
    }

    private AlertHandling() {}

    /**
     * Judges a move of an alert's Task; {@code action} is the business status code the team gives.
     *
     * @throws StateConflict for a move an alert does not make
     * @throws RuleViolation for a close without what was done
     */
    public static Step move(TaskStatus from, TaskStatus to, String action) {
        if (from == to) {
            return Step.NONE;
        }
        boolean open = from == TaskStatus.REQUESTED || from == TaskStatus.ACCEPTED || from == TaskStatus.IN_PROGRESS;
        if (!open) {
            throw new StateConflict("this alert is closed (" + from.code() + ")");
        }
        return switch (to) {
            case ACCEPTED, IN_PROGRESS -> {
                if (from != TaskStatus.REQUESTED && to == TaskStatus.ACCEPTED) {
                    throw new StateConflict("an alert in progress does not go back to accepted");
                }
                yield from == TaskStatus.REQUESTED ? Step.ACKNOWLEDGED : Step.NONE;
            }
            case COMPLETED -> {
                if (action == null || Action.forCode(action).isEmpty()) {
                    throw new RuleViolation(
                            "Task.businessStatus",
                            "closing an alert says what was done: a business status of "
                                    + "https://hartketen.nl/fhir/CodeSystem/task-business-status, one of "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(Action.values())
                                                    .map(Action::code)
                                                    .toList()));
                }
                yield Step.CLOSED;
            }
            default ->
                throw new StateConflict(
                        "an alert is acknowledged (accepted, in-progress) and then completed, not " + to.code());
        };
    }
}
