package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import nl.hartketen.application.waiting.Dimension;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitQueries;

/**
 * The report's aggregations over table waiting_time. Each query returns one row per group and wait (or start day),
 * a few thousand at most whatever the number of referrals: the statistics are computed from these histograms.
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

    @Override
    public List<Ended> ended(ReportFilter filter, List<Dimension> groupBy) {
        String groups = columns(groupBy);
        String sql = "SELECT " + groups + "wait_days, COUNT(*),"
                + " SUM(CASE WHEN within_target THEN 1 ELSE 0 END), SUM(CASE WHEN within_maximum THEN 1 ELSE 0 END)"
                + " FROM waiting_time WHERE measure = ? AND state = 'ENDED' AND end_date >= ? AND end_date <= ?" + narrowing(filter)
                + " GROUP BY " + groups + "wait_days";
        List<Ended> ended = new ArrayList<>();
        query(sql, filter, true, rows -> {
            List<String> group = group(rows, groupBy);
            int next = groupBy.size() + 1;
            ended.add(new Ended(group, rows.getInt(next), rows.getLong(next + 1), rows.getLong(next + 2), rows.getLong(next + 3)));
        });
        return ended;
    }

    @Override
    public List<Waiting> waiting(ReportFilter filter, List<Dimension> groupBy) {
        if (groupBy.contains(Dimension.MONTH)) {
            throw new IllegalArgumentException("the waiting list has no month");
        }
        String groups = columns(groupBy);
        String sql = "SELECT " + groups + "start_date, paused_days, paused_since, COUNT(*)"
                + " FROM waiting_time WHERE measure = ? AND state = 'WAITING'" + narrowing(filter)
                + " GROUP BY " + groups + "start_date, paused_days, paused_since";
        List<Waiting> waiting = new ArrayList<>();
        query(sql, filter, false, rows -> {
            List<String> group = group(rows, groupBy);
            int next = groupBy.size() + 1;
            waiting.add(new Waiting(group, rows.getObject(next, LocalDate.class), rows.getInt(next + 1),
                    rows.getObject(next + 2, LocalDate.class), rows.getLong(next + 3)));
        });
        return waiting;
    }

    @Override
    public List<Closure> closure(ReportFilter filter, List<Dimension> groupBy) {
        if (groupBy.contains(Dimension.MONTH)) {
            throw new IllegalArgumentException("the loop-closure rate is not per month");
        }
        String groups = columns(groupBy);
        String sql = "SELECT " + groups + "SUM(CASE WHEN state = 'ENDED' THEN 1 ELSE 0 END), COUNT(*)"
                + " FROM waiting_time WHERE measure = ? AND state <> 'DROPPED' AND start_date >= ? AND start_date <= ?" + narrowing(filter)
                + (groups.isEmpty() ? "" : " GROUP BY " + groups.substring(0, groups.length() - 2));
        List<Closure> closure = new ArrayList<>();
        query(sql, filter, true, rows -> {
            List<String> group = group(rows, groupBy);
            closure.add(new Closure(group, rows.getLong(groupBy.size() + 1), rows.getLong(groupBy.size() + 2)));
        });
        return closure;
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String sql, ReportFilter filter, boolean period, RowReader reader) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setString(index++, filter.measure().name());
            if (period) {
                statement.setObject(index++, filter.from());
                statement.setObject(index++, filter.to());
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
            sql.append(" AND performer_ref IN (").append(filter.performers().stream().map(p -> "?").collect(Collectors.joining(", "))).append(')');
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

    private static String columns(List<Dimension> groupBy) {
        return groupBy.stream().map(dimension -> switch (dimension) {
            case ORGANIZATION -> "performer_ref";
            case CARE_PATH -> "care_path";
            case SERVICE -> "service_code";
            case MONTH -> "EXTRACT(YEAR FROM end_date) * 100 + EXTRACT(MONTH FROM end_date)";
        } + ", ").collect(Collectors.joining());
    }

    private static List<String> group(ResultSet rows, List<Dimension> groupBy) throws SQLException {
        List<String> group = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            if (groupBy.get(i) == Dimension.MONTH) {
                int month = rows.getInt(i + 1);
                group.add(String.format("%04d-%02d", month / 100, month % 100));
            } else {
                group.add(rows.getString(i + 1));
            }
        }
        return group;
    }
}
