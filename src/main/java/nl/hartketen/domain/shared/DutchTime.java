package nl.hartketen.domain.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Dutch local time. Waits and deadlines are counted in the calendar days people in the Netherlands live by, so a wait
 * across a daylight-saving change is still a whole number of days.
 */
public final class DutchTime {

    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private DutchTime() {}

    public static LocalDate dateOf(Instant instant) {
        return instant.atZone(ZONE).toLocalDate();
    }

    /** Whole calendar days from one moment to another, by their dates in Europe/Amsterdam. */
    public static int daysBetween(Instant from, Instant to) {
        return daysBetween(dateOf(from), dateOf(to));
    }

    public static int daysBetween(LocalDate from, LocalDate to) {
        return (int) ChronoUnit.DAYS.between(from, to);
    }
}
