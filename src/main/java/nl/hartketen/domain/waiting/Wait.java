package nl.hartketen.domain.waiting;

import java.time.LocalDate;
import nl.hartketen.domain.shared.DutchTime;

/**
 * One request's wait in its measure, by dates in Europe/Amsterdam, without the days the patient asked to postpone.
 *
 * @param start       the day the request was sent (authoredOn)
 * @param end         the day the measure's end happened (first visit, report, procedure, first answer); null while waiting
 * @param pausedDays  days on hold at the patient's request, before the end (a postponement still running not included)
 * @param pausedSince the start of a postponement still running, else null
 * @param days        the wait: days from start to end minus {@code pausedDays}; null unless ended
 * @param withinTarget  ended within the norm's target (Treeknorm: the 80% limit; consult: the working-day target); null unless ended
 * @param withinMaximum ended within the norm's maximum (a consult's target is also its maximum); null unless ended
 */
public record Wait(
        String requestId,
        Measure measure,
        String performer,
        String service,
        String priority,
        boolean inpatient,
        LocalDate start,
        LocalDate end,
        int pausedDays,
        LocalDate pausedSince,
        State state,
        Integer days,
        Boolean withinTarget,
        Boolean withinMaximum) {

    public enum State {
        /** Not yet ended, and the request is still open: on the waiting list. */
        WAITING,
        /** The measure's end happened. */
        ENDED,
        /** The request ended without it (rejected, cancelled, revoked, closed): neither a wait nor waiting. */
        DROPPED
    }

    /** The wait so far on {@code today} of a request still waiting, without the days postponed (also those of a postponement still running). */
    public static int daysSoFar(LocalDate start, int pausedDays, LocalDate pausedSince, LocalDate today) {
        int running = pausedSince == null ? 0 : Math.max(0, DutchTime.daysBetween(pausedSince, today));
        return Math.max(0, DutchTime.daysBetween(start, today) - pausedDays - running);
    }
}
