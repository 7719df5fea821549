package nl.hartketen.domain.waiting;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What a report says of a group of ended waits: percentiles by the nearest-rank method, the longest and the mean
 * wait, and the shares within the norm's target and maximum.
 *
 * @param waits a histogram: wait in days → how many waited that long
 */
public record WaitStatistics(
        long count,
        int p50,
        int p80,
        int p90,
        int max,
        double mean,
        double shareWithinTarget,
        double shareWithinMaximum) {

    /** Empty when there are no waits. */
    public static Optional<WaitStatistics> of(SortedMap<Integer, Long> waits, long withinTarget, long withinMaximum) {
        long count = waits.values().stream().mapToLong(Long::longValue).sum();
        if (count == 0) {
            return Optional.empty();
        }
        double total = waits.entrySet().stream()
                .mapToDouble(entry -> (double) entry.getKey() * entry.getValue())
                .sum();
        return Optional.of(new WaitStatistics(
                count,
                percentile(waits, 50),
                percentile(waits, 80),
                percentile(waits, 90),
                waits.lastKey(),
                total / count,
                (double) withinTarget / count,
                (double) withinMaximum / count));
    }

    /**
     * The nearest-rank percentile: the smallest wait such that at least {@code percent}% of the waits are at most it,
     * i.e. the value at rank ⌈percent/100 × n⌉ (rank 1 is the shortest). Integer arithmetic: no rounding surprises.
     */
    public static int percentile(SortedMap<Integer, Long> waits, int percent) {
        long count = waits.values().stream().mapToLong(Long::longValue).sum();
        if (count == 0) {
            throw new IllegalArgumentException("no waits");
        }
        long rank = Math.max(1, (percent * count + 99) / 100);
        long seen = 0;
        for (Map.Entry<Integer, Long> entry : waits.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return entry.getKey();
            }
        }
        return waits.lastKey();
    }
}
