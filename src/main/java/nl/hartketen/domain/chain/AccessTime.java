package nl.hartketen.domain.chain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;

/**
 * How long patients wait for a first visit at one organization: the median of the waits of those seen in a period
 * (nearest rank), how many were seen, and how many are waiting now.
 */
public record AccessTime(OptionalInt medianDays, int seen, int waitingNow) {

    /** Waits are counted in calendar days as the Dutch experience them, also across a daylight-saving change. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    public static AccessTime of(List<Integer> waitsInDays, int waitingNow) {
        if (waitsInDays.isEmpty()) {
            return new AccessTime(OptionalInt.empty(), 0, waitingNow);
        }
        List<Integer> sorted = waitsInDays.stream().sorted().toList();
        int rank = (int) Math.ceil(0.5 * sorted.size());
        return new AccessTime(OptionalInt.of(sorted.get(rank - 1)), sorted.size(), waitingNow);
    }

    /** Whole calendar days from one moment to another, by their dates in Europe/Amsterdam. */
    public static int daysBetween(Instant from, Instant to) {
        return (int) ChronoUnit.DAYS.between(from.atZone(ZONE).toLocalDate(), to.atZone(ZONE).toLocalDate());
    }
}
