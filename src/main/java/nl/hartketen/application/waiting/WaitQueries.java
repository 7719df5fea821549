package nl.hartketen.application.waiting;

import java.time.LocalDate;
import java.util.List;

/** The aggregations a waiting-time report reads from the kept waits: histograms, never single requests. */
public interface WaitQueries {

    /** How many ended waits of a group lasted {@code days}, and how many of those were within the norm's target and maximum. */
    record Ended(List<String> group, int days, long count, long withinTarget, long withinMaximum) {}

    /** How many requests of a group still wait since {@code start}, with the same postponed days. */
    record Waiting(List<String> group, LocalDate start, int pausedDays, LocalDate pausedSince, long count) {}

    /** Of a group's loops started in the period and not dropped, how many are closed by now. */
    record Closure(List<String> group, long closed, long started) {}

    /** The ended waits, per group of {@code groupBy} values (in that order) and wait in days. */
    List<Ended> ended(ReportFilter filter, List<Dimension> groupBy);

    /** The waiting list now, per group of {@code groupBy} values (which holds no month). */
    List<Waiting> waiting(ReportFilter filter, List<Dimension> groupBy);

    /** The loops (measure loop) started from {@code from} to {@code to}, per group (which holds no month): closed and all. */
    List<Closure> closure(ReportFilter filter, List<Dimension> groupBy);
}
