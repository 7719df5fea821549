package nl.hartketen.workflow.search;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The span of time a FHIR date, dateTime or instant stands for, in epoch milliseconds: "2026" is the whole year,
 * "2026-03-01" the whole day. Values without a time zone are read as Dutch time (Europe/Amsterdam), the zone in
 * which our users write them.
 */
public record DateRange(long low, long high) {

    public static final ZoneId DUTCH_TIME = ZoneId.of("Europe/Amsterdam");

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern YEAR_MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern LOCAL_DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

    /**
     * @throws IllegalArgumentException when the text is not a FHIR date, dateTime or instant
     */
    public static DateRange parse(String text) {
        try {
            if (YEAR.matcher(text).matches()) {
                int year = Integer.parseInt(text);
                return days(LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1));
            }
            if (YEAR_MONTH.matcher(text).matches()) {
                YearMonth month = YearMonth.parse(text);
                return days(month.atDay(1), month.plusMonths(1).atDay(1));
            }
            if (DATE.matcher(text).matches()) {
                LocalDate day = LocalDate.parse(text);
                return days(day, day.plusDays(1));
            }
            if (LOCAL_DATE_TIME.matcher(text).matches()) {
                long at = java.time.LocalDateTime.parse(text)
                        .atZone(DUTCH_TIME)
                        .toInstant()
                        .toEpochMilli();
                return new DateRange(at, at + secondPrecisionSpan(text));
            }
            long at = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            return new DateRange(at, at + secondPrecisionSpan(text));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a FHIR date or dateTime (e.g. 2026-03-01 or 2026-03-01T09:30:00+01:00)");
        }
    }

    private static DateRange days(LocalDate from, LocalDate toExclusive) {
        return new DateRange(
                from.atStartOfDay(DUTCH_TIME).toInstant().toEpochMilli(),
                toExclusive.atStartOfDay(DUTCH_TIME).toInstant().toEpochMilli() - 1);
    }

    /** A time given to the minute covers that minute, to the second that second; fractions are exact. */
    private static long secondPrecisionSpan(String text) {
        int t = text.indexOf('T');
        String time = text.substring(t + 1);
        if (time.contains(".")) {
            return 0;
        }
        int colons = (int) time.chars().limit(8).filter(c -> c == ':').count();
        return colons >= 2 ? 999 : 59_999;
    }
}
