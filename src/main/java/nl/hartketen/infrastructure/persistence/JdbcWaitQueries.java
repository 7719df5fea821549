package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.hartketen.application.waiting.Dimension;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitQueries;

/**
 * The report's aggregations over tables waiting_time and waiting_time_month. Each query returns one row per group and
 * wait (or start day), a few thousand at most whatever the number of referrals: the statistics are computed from
 * these histograms.
 */
@ApplicationScoped
public class JdbcWaitQueries implements WaitQueries {

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcWaitQueries() {
        // for CDI
    }

    JdbcWaitQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The whole months of the period come from the counts per month (table waiting_time_month), the days before and
     * after them from the waits themselves: a network's year is then about twelve months of buckets and at most two
     * months of waits. The report adds up rows of the same group and wait.
     */
    @Override
    public List<Ended> ended(ReportFilter filter, List<Dimension> groupBy) {
        LocalDate firstWholeMonth = filter.from().getDayOfMonth() == 1
                ? filter.from()
                : filter.from().withDayOfMonth(1).plusMonths(1);
        LocalDate afterWholeMonths = filter.to().plusDays(1).withDayOfMonth(1);
        List<Ended> ended = new ArrayList<>();
        if (!firstWholeMonth.isBefore(afterWholeMonths)) {
            endedWaits(filter, groupBy, filter.from(), filter.to(), ended);
            return ended;
        }
        if (filter.from().isBefore(firstWholeMonth)) {
            endedWaits(filter, groupBy, filter.from(), firstWholeMonth.minusDays(1), ended);
        }
        String groups = columns(groupBy, "end_month");
        String sql = "SELECT " + groups + "wait_days, SUM(waits), SUM(within_target), SUM(within_maximum)"
                + " FROM waiting_time_month WHERE measure = ? AND end_month >= ? AND end_month <= ?" + narrowing(filter)
                + " GROUP BY " + groups + "wait_days";
        query(
                sql,
                filter,
                List.of(firstWholeMonth, afterWholeMonths.minusMonths(1)),
                rows -> ended.add(ended(rows, groupBy)));
        if (!afterWholeMonths.isAfter(filter.to())) {
            endedWaits(filter, groupBy, afterWholeMonths, filter.to(), ended);
        }
        return ended;
    }

    /** Adds the waits that ended from {@code from} to {@code to}, counted per group and wait from waiting_time. */
    private void endedWaits(
            ReportFilter filter, List<Dimension> groupBy, LocalDate from, LocalDate to, List<Ended> ended) {
        String groups = columns(groupBy, "end_date");
        String sql = "SELECT " + groups + "wait_days, COUNT(*),"
                + " SUM(CASE WHEN within_target THEN 1 ELSE 0 END), SUM(CASE WHEN within_maximum THEN 1 ELSE 0 END)"
                + " FROM waiting_time WHERE measure = ? AND state = 'ENDED' AND end_date >= ? AND end_date <= ?"
                + narrowing(filter)
                + " GROUP BY " + groups + "wait_days";
        query(sql, filter, List.of(from, to), rows -> ended.add(ended(rows, groupBy)));
    }

    private static Ended ended(ResultSet rows, List<Dimension> groupBy) throws SQLException {
        int next = groupBy.size() + 1;
        return new Ended(
                group(rows, groupBy),
                rows.getInt(next),
                rows.getLong(next + 1),
                rows.getLong(next + 2),
                rows.getLong(next + 3));
    }

    @Override
    public List<Waiting> waiting(ReportFilter filter, List<Dimension> groupBy) {
        if (groupBy.contains(Dimension.MONTH)) {
            throw new IllegalArgumentException("the waiting list has no month");
        }
        String groups = columns(groupBy, null);
        String sql = "SELECT " + groups + "start_date, paused_days, paused_since, COUNT(*)"
                + " FROM waiting_time WHERE measure = ? AND state = 'WAITING'" + narrowing(filter)
                + " GROUP BY " + groups + "start_date, paused_days, paused_since";
        List<Waiting> waiting = new ArrayList<>();
        query(sql, filter, List.of(), rows -> {
            List<String> group = group(rows, groupBy);
            int next = groupBy.size() + 1;
            waiting.add(new Waiting(
                    group,
                    rows.getObject(next, LocalDate.class),
                    rows.getInt(next + 1),
                    rows.getObject(next + 2, LocalDate.class),
                    rows.getLong(next + 3)));
        });
        return waiting;
    }

    @Override
    public List<Closure> closure(ReportFilter filter, List<Dimension> groupBy) {
        if (groupBy.contains(Dimension.MONTH)) {
            throw new IllegalArgumentException("the loop-closure rate is not per month");
        }
        String groups = columns(groupBy, null);
        String sql = "SELECT " + groups + "SUM(CASE WHEN state = 'ENDED' THEN 1 ELSE 0 END), COUNT(*)"
                + " FROM waiting_time WHERE measure = ? AND state <> 'DROPPED' AND start_date >= ? AND start_date <= ?"
                + narrowing(filter)
                + (groups.isEmpty() ? "" : " GROUP BY " + groups.substring(0, groups.length() - 2));
        List<Closure> closure = new ArrayList<>();
        query(sql, filter, List.of(filter.from(), filter.to()), rows -> {
            List<String> group = group(rows, groupBy);
            closure.add(new Closure(group, rows.getLong(groupBy.size() + 1), rows.getLong(groupBy.size() + 2)));
        });
        return closure;
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Runs {@code sql} with the filter's measure, then {@code period} (its first and last day), then its other conditions. */
    private void query(String sql, ReportFilter filter, List<LocalDate> period, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setString(index++, filter.measure().name());
            for (LocalDate day : period) {
                statement.setObject(index++, day);
            }
            for (String performer : filter.performers().stream().sorted().toList()) {
                statement.setString(index++, performer);
            }
            for (String value : new String[] {filter.carePath(), filter.service(), filter.priority()}) {
                if (value != null) {
                    statement.setString(index++, value);
                }
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not read the waiting times", e);
        }
    }

    /** The conditions of the filter beyond measure and period, in the order {@link #query} binds them. */
    private static String narrowing(ReportFilter filter) {
        StringBuilder sql = new StringBuilder();
        if (!filter.performers().isEmpty()) {
            sql.append(" AND performer_ref IN (")
                    .append(filter.performers().stream().map(p -> "?").collect(Collectors.joining(", ")))
                    .append(')');
        }
        if (filter.carePath() != null) {
            sql.append(" AND care_path = ?");
        }
        if (filter.service() != null) {
            sql.append(" AND service_code = ?");
        }
        if (filter.priority() != null) {
            sql.append(" AND priority = ?");
        }
        return sql.toString();
    }

    /** The columns of {@code groupBy}, each followed by ", "; a month is that of column {@code day}. */
    private static String columns(List<Dimension> groupBy, String day) {
        return groupBy.stream()
                .map(dimension -> switch (dimension) {
                            case ORGANIZATION -> "performer_ref";
                            case CARE_PATH -> "care_path";
                            case SERVICE -> "service_code";
                            case MONTH -> "EXTRACT(YEAR FROM " + day + ") * 100 + EXTRACT(MONTH FROM " + day + ")";
                        }
                        + ", ")
                .collect(Collectors.joining());
    }

    private static List<String> group(ResultSet rows, List<Dimension> groupBy) throws SQLException {
        List<String> group = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            if (groupBy.get(i) == Dimension.MONTH) {
                int month = rows.getInt(i + 1);
                group.add(String.format("%04d-%02d", month / 100, month % 100));
            } else {
                group.add(EndedWaitCounts.value(rows.getString(i + 1)));
            }
        }
        return group;
    }
}
