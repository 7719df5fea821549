package nl.hartketen.domain.waiting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralEvent;
import nl.hartketen.domain.referral.ReferralEventType;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.DutchTime;

/**
 * How a request's wait is measured (docs/waiting-times.md): from its history, with the Treeknormen and the consult
 * target. Which treatments are inpatient (norm 5 / 7 weeks instead of 4 / 6) is configured by service code.
 */
public final class WaitRules {

    /**
     * The reason of a Task put on hold because the patient asked to postpone (code of CodeSystem hold-reason). Only
     * these holds are left out of a wait: a hold for the hospital's own reasons is part of it.
     */
    public static final String PATIENT_POSTPONED = "patient-request";

    private final Set<String> inpatientServices;
    private final ResponseTarget consultTarget;

    public WaitRules(Set<String> inpatientServices, ResponseTarget consultTarget) {
        this.inpatientServices = Set.copyOf(inpatientServices);
        this.consultTarget = consultTarget;
    }

    /** The wait of {@code request} in its category's measure, if it has one (a back-referral has none). */
    public Optional<Wait> of(Referral request) {
        return Measure.of(request.category()).map(measure -> of(request, measure));
    }

    /** Every wait of {@code request}: its category's, and for a chain's first referral (a GP's) also its loop. */
    public List<Wait> all(Referral request) {
        List<Wait> waits = new ArrayList<>();
        of(request).ifPresent(waits::add);
        if (request.startsChain()) {
            waits.add(loop(request));
        }
        return waits;
    }

    /**
     * The loop of a GP's referral: open until the back-referral to the GP, whatever happened in between (a referral
     * whose Task was completed without one is still open: the GP has no letter). Withdrawn or refused, it is dropped.
     * There is no norm for a loop.
     */
    public Wait loop(Referral request) {
        Optional<Instant> closed = request.loopClosedAt();
        Postponements postponed = postponements(request, closed.orElse(null));
        LocalDate start = DutchTime.dateOf(request.authoredOn());
        if (closed.isEmpty()) {
            Wait.State state = withdrawnOrRefused(request) ? Wait.State.DROPPED : Wait.State.WAITING;
            return new Wait(
                    request.id(),
                    Measure.LOOP,
                    request.performer(),
                    request.service(),
                    request.priority(),
                    false,
                    start,
                    null,
                    postponed.days,
                    state == Wait.State.WAITING ? postponed.runningSince : null,
                    state,
                    null,
                    null,
                    null);
        }
        LocalDate end = DutchTime.dateOf(closed.get());
        return new Wait(
                request.id(),
                Measure.LOOP,
                request.performer(),
                request.service(),
                request.priority(),
                false,
                start,
                end,
                postponed.days,
                null,
                Wait.State.ENDED,
                Math.max(0, DutchTime.daysBetween(start, end) - postponed.days),
                null,
                null);
    }

    private static boolean withdrawnOrRefused(Referral request) {
        return request.status() == RequestStatus.REVOKED
                || request.status() == RequestStatus.ENTERED_IN_ERROR
                || request.task()
                        .map(task -> task.status() == TaskStatus.REJECTED
                                || task.status() == TaskStatus.CANCELLED
                                || task.status() == TaskStatus.FAILED
                                || task.status() == TaskStatus.ENTERED_IN_ERROR)
                        .orElse(false);
    }

    private Wait of(Referral request, Measure measure) {
        Instant sent = request.authoredOn();
        Optional<Instant> endedAt = switch (measure) {
            case ACCESS -> request.firstVisitAt();
            case DIAGNOSTICS -> request.reportedAt();
            case TREATMENT -> request.treatedAt();
            case CONSULT_RESPONSE -> request.firstAnswerAt();
            case LOOP -> request.loopClosedAt();
        };
        boolean inpatient = measure == Measure.TREATMENT
                && request.service() != null
                && inpatientServices.contains(request.service());
        Postponements postponed = postponements(request, endedAt.orElse(null));
        LocalDate start = DutchTime.dateOf(sent);
        if (endedAt.isEmpty()) {
            Wait.State state = request.awaitsOutcome() ? Wait.State.WAITING : Wait.State.DROPPED;
            return new Wait(
                    request.id(),
                    measure,
                    request.performer(),
                    request.service(),
                    request.priority(),
                    inpatient,
                    start,
                    null,
                    postponed.days,
                    state == Wait.State.WAITING ? postponed.runningSince : null,
                    state,
                    null,
                    null,
                    null);
        }
        LocalDate end = DutchTime.dateOf(endedAt.get());
        int days = Math.max(0, DutchTime.daysBetween(start, end) - postponed.days);
        boolean withinTarget;
        boolean withinMaximum;
        if (measure == Measure.CONSULT_RESPONSE) {
            withinTarget = !endedAt.get().isAfter(consultTarget.due(sent));
            withinMaximum = withinTarget;
        } else {
            Treeknorm norm = norm(measure, inpatient);
            withinTarget = norm.withinTarget(days);
            withinMaximum = norm.withinMaximum(days);
        }
        return new Wait(
                request.id(),
                measure,
                request.performer(),
                request.service(),
                request.priority(),
                inpatient,
                start,
                end,
                postponed.days,
                null,
                Wait.State.ENDED,
                days,
                withinTarget,
                withinMaximum);
    }

    /** The Treeknorm of a measure; none for the consult response (its target is in working days) and the loop. */
    public static Treeknorm norm(Measure measure, boolean inpatient) {
        return switch (measure) {
            case ACCESS -> Treeknorm.FIRST_VISIT;
            case DIAGNOSTICS -> Treeknorm.DIAGNOSTICS;
            case TREATMENT -> inpatient ? Treeknorm.INPATIENT_TREATMENT : Treeknorm.DAY_TREATMENT;
            case CONSULT_RESPONSE, LOOP -> null;
        };
    }

    private record Postponements(int days, LocalDate runningSince) {}

    /** The days on hold at the patient's request before {@code end} (or so far), from the task's moves. */
    private static Postponements postponements(Referral request, Instant end) {
        int days = 0;
        Instant since = null;
        for (ReferralEvent event : request.events()) {
            if (event.type() != ReferralEventType.TASK_STATUS_CHANGED
                    || end != null && !event.occurredAt().isBefore(end)) {
                continue;
            }
            if (since != null && TaskStatus.ON_HOLD.name().equals(event.fromStatus())) {
                days += DutchTime.daysBetween(since, event.occurredAt());
                since = null;
            }
            if (TaskStatus.ON_HOLD.name().equals(event.toStatus()) && PATIENT_POSTPONED.equals(event.reason())) {
                since = event.occurredAt();
            }
        }
        if (since != null && end != null) {
            return new Postponements(days + DutchTime.daysBetween(since, end), null);
        }
        return new Postponements(days, since == null ? null : DutchTime.dateOf(since));
    }
}
