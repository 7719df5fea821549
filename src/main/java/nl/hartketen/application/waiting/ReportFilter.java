package nl.hartketen.application.waiting;

import java.time.LocalDate;
import java.util.Set;
import nl.hartketen.domain.waiting.Measure;

/**
 * Which waits a report counts: those of {@code measure} that ended from {@code from} to {@code to} (both included,
 * Europe/Amsterdam dates), and those waiting now; narrowed to the performers given (none: all), and to one care
 * path, service or priority when given.
 */
public record ReportFilter(
        Measure measure,
        Set<String> performers,
        String carePath,
        String service,
        String priority,
        LocalDate from,
        LocalDate to) {

    public ReportFilter {
        performers = Set.copyOf(performers);
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
    }
}
