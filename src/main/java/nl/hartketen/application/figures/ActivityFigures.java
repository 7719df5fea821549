package nl.hartketen.application.figures;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitQueries;
import nl.hartketen.domain.figures.ActivityKind;
import nl.hartketen.domain.figures.ContactKind;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.waiting.Measure;
import nl.hartketen.domain.waiting.WaitStatistics;

/**
 * The activity figures (docs/figures.md): digital care per hospital and month, and a heart centre's annual figures
 * with the year before. Read from the kept counts (care_activity, the referrals' and telemonitoring's tables and the
 * kept waits), never from the stored resources.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ActivityFigures {

    /** The treatments a heart centre's overview lists, in its order; other treatment services follow when counted. */
    public static final List<String> PROCEDURES =
            List.of("cabg", "valve-surgery", "pci", "tavi", "pacemaker", "icd", "af-ablation", "complex-ablation");

    /** A median and 90th percentile (nearest rank) of response times in minutes; both null without any. */
    public record ResponseTimes(long count, Integer p50, Integer p90) {

        static ResponseTimes of(SortedMap<Integer, Long> minutes) {
            long count = minutes.values().stream().mapToLong(Long::longValue).sum();
            return count == 0
                    ? new ResponseTimes(0, null, null)
                    : new ResponseTimes(
                            count, WaitStatistics.percentile(minutes, 50), WaitStatistics.percentile(minutes, 90));
        }
    }

    /**
     * One hospital's month (organization null: all hospitals asked together).
     *
     * @param toAlert measurement → alert; {@code toAcknowledgement} alert → acknowledgement (acknowledged alerts only)
     */
    public record Month(
            String organization,
            YearMonth month,
            Map<ContactKind, Long> contacts,
            long meekijkconsulten,
            long telediagnostics,
            ResponseTimes toAlert,
            ResponseTimes toAcknowledgement) {

        public long allContacts() {
            return contacts.values().stream().mapToLong(Long::longValue).sum();
        }

        public long digitalContacts() {
            return contacts.entrySet().stream()
                    .filter(entry -> entry.getKey().digital())
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** Digital contacts among all contacts; empty without contacts. */
        public Optional<Double> digitalShare() {
            long all = allContacts();
            return all == 0 ? Optional.empty() : Optional.of((double) digitalContacts() / all);
        }
    }

    /** A count in the year and the year before; for procedures also how many of them were referred on by another hospital. */
    public record Figure(String code, long count, long previous, Long referred, Long previousReferred) {

        /** The change against the year before as a share of it (0.1 = 10 % more); empty when the year before had none. */
        public Optional<Double> change() {
            return previous == 0 ? Optional.empty() : Optional.of((double) (count - previous) / previous);
        }

        /** The share referred on by another hospital; empty for other figures, or without any. */
        public Optional<Double> referredShare() {
            return referred == null || count == 0 ? Optional.empty() : Optional.of((double) referred / count);
        }
    }

    /** The access time of one care path in a year against its own norm (days); the statistics null without waits. */
    public record AccessTime(
            String carePath, int normDays, long count, Integer p50, Integer p80, Integer p90, Double withinNorm) {}

    /** A hospital's year: each list in the overview's order; contacts per kind; requests meekijkconsult, telediagnostics. */
    public record AnnualFigures(
            String organization,
            int year,
            List<Figure> procedures,
            List<Figure> diagnostics,
            List<Figure> contacts,
            List<Figure> requests,
            AccessTime access,
            AccessTime previousAccess) {}

    private ActivityQueries queries;
    private WaitQueries waits;

    protected ActivityFigures() {
        // for CDI
    }

    @Inject
    public ActivityFigures(ActivityQueries queries, WaitQueries waits) {
        this.queries = queries;
        this.waits = waits;
    }

    /**
     * Every month from {@code from} to {@code to} (both included, whole or not), per organization asked or, when not
     * {@code perOrganization}, for all of them together; months without anything are there, with zeros.
     */
    public List<Month> digitalCare(
            Collection<String> organizations, LocalDate from, LocalDate to, boolean perOrganization) {
        Function<String, String> key = organization -> perOrganization ? organization : null;
        Map<String, Map<YearMonth, MonthTotals>> totals = new LinkedHashMap<>();
        Set<String> keys = new TreeSet<>(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        organizations.forEach(organization -> keys.add(key.apply(organization)));
        for (String organization : keys) {
            Map<YearMonth, MonthTotals> months = new LinkedHashMap<>();
            for (YearMonth month = YearMonth.from(from);
                    !month.isAfter(YearMonth.from(to));
                    month = month.plusMonths(1)) {
                months.put(month, new MonthTotals());
            }
            totals.put(organization, months);
        }
        for (ActivityQueries.Count count : queries.counts(organizations, from, to)) {
            if (count.kind() == ActivityKind.CONTACT) {
                ContactKind.fromCode(count.code())
                        .ifPresent(kind -> totals.get(key.apply(count.organization()))
                                .get(YearMonth.from(count.day()))
                                .contacts
                                .merge(kind, count.count(), Long::sum));
            }
        }
        for (ActivityQueries.Started started : queries.enrolmentsStarted(organizations, from, to)) {
            totals.get(key.apply(started.organization()))
                    .get(YearMonth.from(started.day()))
                    .contacts
                    .merge(ContactKind.TELEMONITORING, started.count(), Long::sum);
        }
        for (ActivityQueries.Received received : queries.received(organizations, from, to)) {
            MonthTotals month = totals.get(key.apply(received.organization())).get(YearMonth.from(received.day()));
            if (received.category() == RequestCategory.MEEKIJKCONSULT) {
                month.meekijkconsulten += received.count();
            } else {
                month.telediagnostics += received.count();
            }
        }
        for (ActivityQueries.Alert alert : queries.alerts(organizations, from, to)) {
            MonthTotals month =
                    totals.get(key.apply(alert.organization())).get(YearMonth.from(DutchTime.dateOf(alert.raised())));
            month.toAlert.merge(minutes(Duration.between(alert.measured(), alert.raised())), 1L, Long::sum);
            if (alert.acknowledged() != null) {
                month.toAcknowledgement.merge(
                        minutes(Duration.between(alert.raised(), alert.acknowledged())), 1L, Long::sum);
            }
        }
        List<Month> months = new ArrayList<>();
        totals.forEach((organization, perMonth) -> perMonth.forEach((month, counted) -> {
            Map<ContactKind, Long> contacts = new EnumMap<>(ContactKind.class);
            for (ContactKind kind : ContactKind.values()) {
                contacts.put(kind, counted.contacts.getOrDefault(kind, 0L));
            }
            months.add(new Month(
                    organization,
                    month,
                    contacts,
                    counted.meekijkconsulten,
                    counted.telediagnostics,
                    ResponseTimes.of(counted.toAlert),
                    ResponseTimes.of(counted.toAcknowledgement)));
        }));
        return months;
    }

    /**
     * A hospital's figures of {@code year} (calendar year, Europe/Amsterdam) beside those of the year before, with the
     * access time of {@code carePath} against {@code normDays}.
     */
    public AnnualFigures annual(String organization, int year, String carePath, int normDays) {
        LocalDate first = LocalDate.of(year - 1, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        Map<String, long[]> procedures = new LinkedHashMap<>();
        Map<String, long[]> diagnostics = new LinkedHashMap<>();
        Map<String, long[]> contacts = new LinkedHashMap<>();
        Map<String, long[]> requests = new LinkedHashMap<>();
        PROCEDURES.forEach(code -> procedures.put(code, new long[4]));
        ActivityKind.DIAGNOSTIC_SERVICES.forEach(code -> diagnostics.put(code, new long[4]));
        for (ContactKind kind : ContactKind.values()) {
            contacts.put(kind.code(), new long[4]);
        }
        requests.put(RequestCategory.MEEKIJKCONSULT.code(), new long[4]);
        requests.put(RequestCategory.TELEDIAGNOSTICS.code(), new long[4]);
        List<String> asked = List.of(organization);
        // index 0: the year, 1: the year before, 2 and 3: of those, referred on by another hospital
        for (ActivityQueries.Count count : queries.counts(asked, first, last)) {
            Map<String, long[]> figures = switch (count.kind()) {
                case PROCEDURE -> procedures;
                case DIAGNOSTIC -> diagnostics;
                case CONTACT -> contacts;
            };
            long[] figure = figures.computeIfAbsent(count.code(), code -> new long[4]);
            int which = count.day().getYear() == year ? 0 : 1;
            figure[which] += count.count();
            if (count.referred()) {
                figure[which + 2] += count.count();
            }
        }
        for (ActivityQueries.Started started : queries.enrolmentsStarted(asked, first, last)) {
            contacts.get(ContactKind.TELEMONITORING.code())[started.day().getYear() == year ? 0 : 1] += started.count();
        }
        for (ActivityQueries.Received received : queries.received(asked, first, last)) {
            requests.get(received.category().code())[received.day().getYear() == year ? 0 : 1] += received.count();
        }
        return new AnnualFigures(
                organization,
                year,
                figures(procedures, true),
                figures(diagnostics, false),
                figures(contacts, false),
                figures(requests, false),
                access(organization, year, carePath, normDays),
                access(organization, year - 1, carePath, normDays));
    }

    private AccessTime access(String organization, int year, String carePath, int normDays) {
        ReportFilter filter = new ReportFilter(
                Measure.ACCESS,
                Set.of(organization),
                carePath,
                null,
                null,
                LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31));
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        for (WaitQueries.Ended ended : waits.ended(filter, List.of())) {
            histogram.merge(ended.days(), ended.count(), Long::sum);
        }
        long count = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (count == 0) {
            return new AccessTime(carePath, normDays, 0, null, null, null, null);
        }
        long within = histogram.headMap(normDays, true).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        return new AccessTime(
                carePath,
                normDays,
                count,
                WaitStatistics.percentile(histogram, 50),
                WaitStatistics.percentile(histogram, 80),
                WaitStatistics.percentile(histogram, 90),
                (double) within / count);
    }

    private static List<Figure> figures(Map<String, long[]> counts, boolean withReferred) {
        return counts.entrySet().stream()
                .map(entry -> new Figure(
                        entry.getKey(),
                        entry.getValue()[0],
                        entry.getValue()[1],
                        withReferred ? entry.getValue()[2] : null,
                        withReferred ? entry.getValue()[3] : null))
                .toList();
    }

    /** Whole minutes, rounded down; a clock that ran backwards counts 0. */
    private static int minutes(Duration duration) {
        return (int) Math.max(0, duration.toMinutes());
    }

    private static final class MonthTotals {
        final Map<ContactKind, Long> contacts = new EnumMap<>(ContactKind.class);
        long meekijkconsulten;
        long telediagnostics;
        final TreeMap<Integer, Long> toAlert = new TreeMap<>();
        final TreeMap<Integer, Long> toAcknowledgement = new TreeMap<>();
    }
}
