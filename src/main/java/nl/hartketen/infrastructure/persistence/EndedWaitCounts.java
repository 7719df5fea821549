package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import nl.hartketen.domain.waiting.Wait;

/**
 * Table waiting_time_month (V9): how many waits of a measure ended in a month, per performer, care path, service,
 * priority and wait in days. It always equals a count of the ended rows of waiting_time, because every change of a
 * wait moves its count from the bucket it was in to the one it is in now, on the transaction of the change.
 */
final class EndedWaitCounts {

    /** The bucket an ended wait is counted in, and whether it counts as within the target and the maximum. */
    record Count(
            String measure,
            String performer,
            LocalDate month,
            String carePath,
            String service,
            String priority,
            int days,
            boolean withinTarget,
            boolean withinMaximum) {

        static Optional<Count> of(Wait wait, String carePath) {
            if (wait.state() != Wait.State.ENDED) {
                return Optional.empty();
            }
            return Optional.of(new Count(
                    wait.measure().name(),
                    key(wait.performer()),
                    wait.end().withDayOfMonth(1),
                    key(carePath),
                    key(wait.service()),
                    key(wait.priority()),
                    wait.days(),
                    Boolean.TRUE.equals(wait.withinTarget()),
                    Boolean.TRUE.equals(wait.withinMaximum())));
        }

        /** The count of a waiting_time row read with {@link #COLUMNS}; empty unless the wait ended. */
        static Optional<Count> of(ResultSet row) throws SQLException {
            if (!Wait.State.ENDED.name().equals(row.getString("state"))) {
                return Optional.empty();
            }
            return Optional.of(new Count(
                    row.getString("measure"),
                    key(row.getString("performer_ref")),
                    row.getObject("end_date", LocalDate.class).withDayOfMonth(1),
                    key(row.getString("care_path")),
                    key(row.getString("service_code")),
                    key(row.getString("priority")),
                    row.getInt("wait_days"),
                    row.getBoolean("within_target"),
                    row.getBoolean("within_maximum")));
        }

        Count withCarePath(String carePath) {
            return new Count(
                    measure, performer, month, key(carePath), service, priority, days, withinTarget, withinMaximum);
        }
    }

    /** The columns of waiting_time that {@link Count#of(ResultSet)} reads. */
    static final String COLUMNS =
            "measure, state, end_date, performer_ref, care_path, service_code, priority, wait_days,"
                    + " within_target, within_maximum";

    private static final String KEY =
            "measure = ? AND performer_ref = ? AND end_month = ? AND care_path = ? AND service_code = ?"
                    + " AND priority = ? AND wait_days = ?";
    private static final String CHANGE =
            "UPDATE waiting_time_month SET waits = waits + ?, within_target = within_target + ?,"
                    + " within_maximum = within_maximum + ? WHERE " + KEY;
    private static final String INSERT =
            "INSERT INTO waiting_time_month (waits, within_target, within_maximum, measure, performer_ref,"
                    + " end_month, care_path, service_code, priority, wait_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // Two transactions may add the first wait of a bucket at once: see Databases.addToBucket.
    private static final String ADD_POSTGRES =
            INSERT + " ON CONFLICT (measure, performer_ref, end_month, care_path, service_code,"
                    + " priority, wait_days) DO UPDATE SET waits = waiting_time_month.waits + EXCLUDED.waits,"
                    + " within_target = waiting_time_month.within_target + EXCLUDED.within_target,"
                    + " within_maximum = waiting_time_month.within_maximum + EXCLUDED.within_maximum";
    private static final String DELETE_EMPTY = "DELETE FROM waiting_time_month WHERE " + KEY + " AND waits = 0";

    private EndedWaitCounts() {}

    /** Moves a wait's count from bucket {@code before} to bucket {@code after} (either may be empty: not ended). */
    static void move(Connection connection, Optional<Count> before, Optional<Count> after) throws SQLException {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before.isPresent()) {
            change(connection, CHANGE, before.get(), -1);
            change(connection, DELETE_EMPTY, before.get(), 0);
        }
        if (after.isPresent()) {
            add(connection, after.get());
        }
    }

    private static void add(Connection connection, Count count) throws SQLException {
        Databases.addToBucket(
                connection,
                () -> change(connection, CHANGE, count, 1),
                () -> change(connection, INSERT, count, 1),
                () -> change(connection, ADD_POSTGRES, count, 1));
    }

    /** Runs {@code sql} with the count's change ({@code sign} times one wait, left out when 0) and then its bucket's key. */
    private static int change(Connection connection, String sql, Count count, int sign) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            if (sign != 0) {
                statement.setInt(index++, sign);
                statement.setInt(index++, count.withinTarget() ? sign : 0);
                statement.setInt(index++, count.withinMaximum() ? sign : 0);
            }
            statement.setString(index++, count.measure());
            statement.setString(index++, count.performer());
            statement.setObject(index++, count.month());
            statement.setString(index++, count.carePath());
            statement.setString(index++, count.service());
            statement.setString(index++, count.priority());
            statement.setInt(index, count.days());
            return statement.executeUpdate();
        }
    }

    /** A value as a key column holds it: '' for none. */
    private static String key(String value) {
        return value == null ? "" : value;
    }

    /** A key column's value as the report gives it: null for none. */
    static String value(String key) {
        return key == null || key.isEmpty() ? null : key;
    }
}
