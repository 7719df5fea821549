package nl.hartketen.domain.waiting;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralEvent;
import nl.hartketen.domain.referral.ReferralEventType;
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

    /** The wait of {@code request}, if its category has a measure (a back-referral has none). */
    public Optional<Wait> of(Referral request) {
        return Measure.of(request.category()).map(measure -> of(request, measure));
    }

    private Wait of(Referral request, Measure measure) {
        Instant sent = request.authoredOn();
        Optional<Instant> endedAt = switch (measure) {
            case ACCESS -> request.firstVisitAt();
            case DIAGNOSTICS -> request.reportedAt();
            case TREATMENT -> request.treatedAt();
            case CONSULT_RESPONSE -> request.firstAnswerAt();
        };
        boolean inpatient = measure == Measure.TREATMENT && request.service() != null && inpatientServices.contains(request.service());
        Postponements postponed = postponements(request, endedAt.orElse(null));
        LocalDate start = DutchTime.dateOf(sent);
        if (endedAt.isEmpty()) {
            Wait.State state = request.awaitsOutcome() ? Wait.State.WAITING : Wait.State.DROPPED;
            return new Wait(request.id(), measure, request.performer(), request.service(), request.priority(), inpatient, start, null,
                    postponed.days, state == Wait.State.WAITING ? postponed.runningSince : null, state, null, null, null);
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
        return new Wait(request.id(), measure, request.performer(), request.service(), request.priority(), inpatient, start, end,
                postponed.days, null, Wait.State.ENDED, days, withinTarget, withinMaximum);
    }

    /** The Treeknorm of a measure; none for the consult response, whose target is in working days. */
    public static Treeknorm norm(Measure measure, boolean inpatient) {
        return switch (measure) {
            case ACCESS -> Treeknorm.FIRST_VISIT;
            case DIAGNOSTICS -> Treeknorm.DIAGNOSTICS;
            case TREATMENT -> inpatient ? Treeknorm.INPATIENT_TREATMENT : Treeknorm.DAY_TREATMENT;
            case CONSULT_RESPONSE -> null;
        };
    }

    private record Postponements(int days, LocalDate runningSince) {
    }

    /** The days on hold at the patient's request before {@code end} (or so far), from the task's moves. */
    private static Postponements postponements(Referral request, Instant end) {
        int days = 0;
        Instant since = null;
        for (ReferralEvent event : request.events()) {
            if (event.type() != ReferralEventType.TASK_STATUS_CHANGED || end != null && !event.occurredAt().isBefore(end)) {
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
