package nl.hartketen.domain.chain;

import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.hartketen.domain.waiting.WaitStatistics;

/**
 * How long patients wait for a first visit at one organization: the median of the waits of those seen in a period
 * (nearest rank), how many were seen, and how many are waiting now.
 */
public record AccessTime(OptionalInt medianDays, int seen, int waitingNow) {

    public static AccessTime of(List<Integer> waitsInDays, int waitingNow) {
        if (waitsInDays.isEmpty()) {
            return new AccessTime(OptionalInt.empty(), 0, waitingNow);
        }
        TreeMap<Integer, Long> histogram = waitsInDays.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        return new AccessTime(OptionalInt.of(WaitStatistics.percentile(histogram, 50)), waitsInDays.size(), waitingNow);
    }
}
