package nl.hartketen.application.waiting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.hartketen.domain.waiting.Measure;
import nl.hartketen.domain.waiting.Wait;
import nl.hartketen.domain.waiting.WaitStatistics;

/**
 * The waiting-time report: per group, the ended waits' statistics against the norm and the waiting list now. The
 * database returns histograms (group × days → count), so memory does not grow with the number of referrals.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class WaitingTimeReport {

    /**
     * One row of a report. Statistics are empty when no wait of the group ended in the period. For loops,
     * {@code loops} counts those started in the period and those of them closed by now (else null).
     */
    public record Row(
            List<String> group,
            Optional<WaitStatistics> ended,
            Long waitingNow,
            Integer longestWaitingDays,
            Loops loops) {}

    /** The loops of a group started in the period (not dropped), and how many of them are closed: the loop-closure rate. */
    public record Loops(long started, long closed) {

        public double closedShare() {
            return (double) closed / started;
        }
    }

    private WaitQueries queries;

    protected WaitingTimeReport() {
        // for CDI
    }

    @Inject
    public WaitingTimeReport(WaitQueries queries) {
        this.queries = queries;
    }

    /**
     * @param today the day the waiting list is counted on
     * @return rows in the order of their group values; without a month in {@code groupBy}, each row also holds the
     *         waiting list now (how many, and the longest wait so far)
     */
    public List<Row> rows(ReportFilter filter, List<Dimension> groupBy, LocalDate today) {
        Map<List<String>, TreeMap<Integer, Long>> histograms = new LinkedHashMap<>();
        Map<List<String>, long[]> within = new LinkedHashMap<>();
        for (WaitQueries.Ended ended : queries.ended(filter, groupBy)) {
            histograms
                    .computeIfAbsent(ended.group(), group -> new TreeMap<>())
                    .merge(ended.days(), ended.count(), Long::sum);
            long[] counts = within.computeIfAbsent(ended.group(), group -> new long[2]);
            counts[0] += ended.withinTarget();
            counts[1] += ended.withinMaximum();
        }
        boolean withWaitingList = !groupBy.contains(Dimension.MONTH);
        Map<List<String>, long[]> waiting = new LinkedHashMap<>();
        if (withWaitingList) {
            for (WaitQueries.Waiting group : queries.waiting(filter, groupBy)) {
                long[] countAndLongest = waiting.computeIfAbsent(group.group(), ignored -> new long[2]);
                countAndLongest[0] += group.count();
                countAndLongest[1] = Math.max(
                        countAndLongest[1],
                        Wait.daysSoFar(group.start(), group.pausedDays(), group.pausedSince(), today));
            }
        }
        Map<List<String>, WaitQueries.Closure> closure = new LinkedHashMap<>();
        if (withWaitingList && filter.measure() == Measure.LOOP) {
            queries.closure(filter, groupBy).forEach(loops -> closure.put(loops.group(), loops));
        }
        List<List<String>> groups = new ArrayList<>(histograms.keySet());
        waiting.keySet().stream().filter(group -> !groups.contains(group)).forEach(groups::add);
        closure.keySet().stream().filter(group -> !groups.contains(group)).forEach(groups::add);
        groups.sort(GROUP_ORDER);
        List<Row> rows = new ArrayList<>();
        for (List<String> group : groups) {
            Optional<WaitStatistics> statistics = Optional.ofNullable(histograms.get(group))
                    .flatMap(histogram -> WaitStatistics.of(histogram, within.get(group)[0], within.get(group)[1]));
            long[] list = waiting.get(group);
            WaitQueries.Closure loops = closure.get(group);
            rows.add(new Row(
                    group,
                    statistics,
                    withWaitingList ? (list == null ? 0L : list[0]) : null,
                    withWaitingList && list != null ? (int) list[1] : null,
                    loops == null || loops.started() == 0 ? null : new Loops(loops.started(), loops.closed())));
        }
        return rows;
    }

    /** Groups in the order of their values, a missing value (no care path, say) last. */
    private static final Comparator<List<String>> GROUP_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int compared =
                    Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return 0;
    };
}
