package nl.hartketen.domain.referral;

import static java.util.Map.entry;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The performer's progress on a request, after HL7 Clinical Order Workflows and the FHIR Task state machine:
 * requested → received → accepted | rejected → (ready →) in-progress → completed, with cancelled, on-hold
 * and failed where they make sense. Leaving on-hold is handled by {@link ReferralTask}, which knows the status
 * the task was put on hold from.
 */
public enum TaskStatus {
    DRAFT,
    REQUESTED,
    RECEIVED,
    ACCEPTED,
    REJECTED,
    READY,
    CANCELLED,
    IN_PROGRESS,
    ON_HOLD,
    FAILED,
    COMPLETED,
    ENTERED_IN_ERROR;

    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.ofEntries(
            entry(DRAFT, EnumSet.of(REQUESTED, CANCELLED)),
            entry(REQUESTED, EnumSet.of(RECEIVED, ACCEPTED, REJECTED, CANCELLED, ON_HOLD)),
            entry(RECEIVED, EnumSet.of(ACCEPTED, REJECTED, CANCELLED, ON_HOLD)),
            entry(ACCEPTED, EnumSet.of(READY, IN_PROGRESS, CANCELLED, ON_HOLD, FAILED)),
            entry(READY, EnumSet.of(IN_PROGRESS, CANCELLED, ON_HOLD, FAILED)),
            entry(IN_PROGRESS, EnumSet.of(COMPLETED, FAILED, ON_HOLD, CANCELLED)),
            entry(ON_HOLD, EnumSet.of(CANCELLED, FAILED)),
            entry(REJECTED, EnumSet.noneOf(TaskStatus.class)),
            entry(CANCELLED, EnumSet.noneOf(TaskStatus.class)),
            entry(FAILED, EnumSet.noneOf(TaskStatus.class)),
            entry(COMPLETED, EnumSet.noneOf(TaskStatus.class)),
            entry(ENTERED_IN_ERROR, EnumSet.noneOf(TaskStatus.class)));

    /** Statuses a task may start in. */
    public boolean isInitial() {
        return this == DRAFT || this == REQUESTED;
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** The moves the state machine allows from here, not counting the return from on-hold. */
    public Set<TaskStatus> successors() {
        return NEXT.get(this);
    }

    /** The FHIR code, e.g. "in-progress". */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
