package nl.hartketen.domain.consult;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import nl.hartketen.domain.shared.DutchTime;

/**
 * When a meekijkconsult must be answered: by the end of the {@code days}-th working day after the day it was asked
 * (regional agreements: 3), in Dutch local time.
 */
public record ResponseTarget(WorkingDays workingDays, int days) {

    private static final ZoneId ZONE = DutchTime.ZONE;

    /** The last moment of the last working day of the target. */
    public Instant due(Instant asked) {
        LocalDate day = workingDays.after(asked.atZone(ZONE).toLocalDate(), days);
        return day.plusDays(1).atStartOfDay(ZONE).toInstant().minusSeconds(1);
    }

    /**
     * Consults asked before this moment and still unanswered at {@code now} are past their target: those asked on a
     * day whose last target day is before today (the due dates only grow with the day asked).
     */
    public Instant lateIfAskedBefore(Instant now) {
        LocalDate today = now.atZone(ZONE).toLocalDate();
        LocalDate asked = today;
        while (!workingDays.after(asked, days).isBefore(today)) {
            asked = asked.minusDays(1);
        }
        return asked.plusDays(1).atStartOfDay(ZONE).toInstant();
    }
}
