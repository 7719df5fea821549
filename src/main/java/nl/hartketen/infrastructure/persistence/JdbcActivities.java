package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.figures.ActivityQueries;
import nl.hartketen.application.figures.ActivityStore;
import nl.hartketen.domain.figures.Activity;
import nl.hartketen.domain.figures.ActivityKind;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.DutchTime;

/**
 * The counted acts of care (care_activity, V18) with their counts per hospital, day, kind and code (care_activity_day:
 * a change moves its act from one bucket to another, on the transaction of the change), the figures read from them, from the referrals (meekijkconsulten
 * and telediagnostics received) and from telemonitoring's tables (monitoring_enrolment, monitoring_alert, V17).
 */
@ApplicationScoped
public class JdbcActivities implements ActivityStore, ActivityQueries {

    private static final String KEPT = "SELECT organization_ref, activity_day, kind, code, referred FROM care_activity"
            + " WHERE source_ref = ? FOR UPDATE";
    private static final String DELETE = "DELETE FROM care_activity WHERE source_ref = ?";
    private static final String INSERT = "INSERT INTO care_activity (organization_ref, activity_day, kind, code,"
            + " referred, source_ref) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BUCKET =
            "organization_ref = ? AND activity_day = ? AND kind = ? AND code = ? AND referred = ?";
    private static final String CHANGE = "UPDATE care_activity_day SET acts = acts + ? WHERE " + BUCKET;
    private static final String FIRST = "INSERT INTO care_activity_day (acts, organization_ref, activity_day, kind,"
            + " code, referred) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIRST_POSTGRES = FIRST + " ON CONFLICT (organization_ref, activity_day, kind, code,"
            + " referred) DO UPDATE SET acts = care_activity_day.acts + EXCLUDED.acts";
    private static final String DELETE_EMPTY = "DELETE FROM care_activity_day WHERE " + BUCKET + " AND acts = 0";
    // The kept counts, at most a row per day and code.
    private static final String COUNTS = "SELECT organization_ref, activity_day, kind, code, referred, acts FROM"
            + " care_activity_day WHERE organization_ref IN (%s) AND activity_day BETWEEN ? AND ?";
    // The timestamps are UTC; their Amsterdam day is taken here, so the rows are read one by one (a hospital's year of
    // consults and telediagnostics is some hundreds, read from the index referral_received alone).
    private static final String RECEIVED =
            "SELECT performer_ref, category, authored_on FROM referral WHERE performer_ref"
                    + " IN (%s) AND category IN ('MEEKIJKCONSULT', 'TELEDIAGNOSTICS') AND authored_on >= ? AND authored_on < ?"
                    + " AND status <> 'ENTERED_IN_ERROR'";
    private static final String STARTED = "SELECT team_organization, period_start FROM monitoring_enrolment WHERE"
            + " team_organization IN (%s) AND period_start >= ? AND period_start < ?";
    private static final String ALERTS = "SELECT team_organization, measured_at, raised_at, acknowledged_at FROM"
            + " monitoring_alert WHERE team_organization IN (%s) AND raised_at >= ? AND raised_at < ?";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcActivities() {
        // for CDI
    }

    JdbcActivities(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void keep(Activity activity) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Activity> before = kept(connection, activity.source());
            if (before.equals(Optional.of(activity))) {
                return;
            }
            if (before.isPresent()) {
                uncount(connection, before.get());
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                bindBucket(insert, 1, activity);
                insert.setString(6, activity.source());
                insert.executeUpdate();
            }
            Databases.addToBucket(
                    connection,
                    () -> bucket(connection, CHANGE, activity, 1),
                    () -> bucket(connection, FIRST, activity, 1),
                    () -> bucket(connection, FIRST_POSTGRES, activity, 1));
        } catch (SQLException e) {
            throw new StorageFailure("could not count " + activity.source(), e);
        }
    }

    @Override
    public void forget(String source) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<Activity> before = kept(connection, source);
            if (before.isPresent()) {
                uncount(connection, before.get());
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not stop counting " + source, e);
        }
    }

    /** What {@code source} counts now, its row locked until the transaction ends. */
    private static Optional<Activity> kept(Connection connection, String source) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(KEPT)) {
            select.setString(1, source);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Activity(
                                source,
                                row.getString(1),
                                row.getObject(2, LocalDate.class),
                                ActivityKind.valueOf(row.getString(3)),
                                row.getString(4),
                                row.getBoolean(5)))
                        : Optional.empty();
            }
        }
    }

    /** Takes the act out of its source's row and its bucket's count. */
    private static void uncount(Connection connection, Activity activity) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, activity.source());
            delete.executeUpdate();
        }
        bucket(connection, CHANGE, activity, -1);
        bucket(connection, DELETE_EMPTY, activity, 0);
    }

    /** Runs {@code sql} with the change ({@code sign} acts, left out when 0), then the act's bucket. */
    private static int bucket(Connection connection, String sql, Activity activity, int sign) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            if (sign != 0) {
                statement.setInt(index++, sign);
            }
            bindBucket(statement, index, activity);
            return statement.executeUpdate();
        }
    }

    private static void bindBucket(PreparedStatement statement, int first, Activity activity) throws SQLException {
        statement.setString(first, activity.organization());
        statement.setObject(first + 1, activity.day());
        statement.setString(first + 2, activity.kind().name());
        statement.setString(first + 3, activity.code());
        statement.setBoolean(first + 4, activity.referred());
    }

    @Override
    public List<Count> counts(Collection<String> organizations, LocalDate from, LocalDate to) {
        List<Count> counts = new ArrayList<>();
        if (organizations.isEmpty()) {
            return counts;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement(COUNTS.formatted(SqlLists.placeholders(organizations)))) {
            SqlLists.bind(select, 1, organizations);
            select.setObject(organizations.size() + 1, from);
            select.setObject(organizations.size() + 2, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.add(new Count(
                            row.getString(1),
                            row.getObject(2, LocalDate.class),
                            ActivityKind.valueOf(row.getString(3)),
                            row.getString(4),
                            row.getBoolean(5),
                            row.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count the acts of care", e);
        }
        return counts;
    }

    @Override
    public List<Received> received(Collection<String> organizations, LocalDate from, LocalDate to) {
        Map<Received, Long> perDay = new LinkedHashMap<>();
        readMoments(
                RECEIVED,
                organizations,
                from,
                to,
                row -> perDay.merge(
                        new Received(
                                row.getString(1),
                                DutchTime.dateOf(instant(row.getObject(3, LocalDateTime.class))),
                                RequestCategory.valueOf(row.getString(2)),
                                0),
                        1L,
                        Long::sum));
        return perDay.entrySet().stream()
                .map(entry -> new Received(
                        entry.getKey().organization(),
                        entry.getKey().day(),
                        entry.getKey().category(),
                        entry.getValue()))
                .toList();
    }

    @Override
    public List<Started> enrolmentsStarted(Collection<String> organizations, LocalDate from, LocalDate to) {
        Map<Started, Long> perDay = new LinkedHashMap<>();
        readMoments(
                STARTED,
                organizations,
                from,
                to,
                row -> perDay.merge(
                        new Started(
                                row.getString(1), DutchTime.dateOf(instant(row.getObject(2, LocalDateTime.class))), 0),
                        1L,
                        Long::sum));
        return perDay.entrySet().stream()
                .map(entry -> new Started(
                        entry.getKey().organization(), entry.getKey().day(), entry.getValue()))
                .toList();
    }

    @Override
    public List<Alert> alerts(Collection<String> organizations, LocalDate from, LocalDate to) {
        List<Alert> alerts = new ArrayList<>();
        readMoments(
                ALERTS,
                organizations,
                from,
                to,
                row -> alerts.add(new Alert(
                        row.getString(1),
                        instant(row.getObject(2, LocalDateTime.class)),
                        instant(row.getObject(3, LocalDateTime.class)),
                        instant(row.getObject(4, LocalDateTime.class)))));
        return alerts;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Runs {@code sql} for the organizations and the UTC moments of the Amsterdam days from–to, row by row. */
    private void readMoments(
            String sql, Collection<String> organizations, LocalDate from, LocalDate to, RowReader reader) {
        if (organizations.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement(sql.formatted(SqlLists.placeholders(organizations)))) {
            SqlLists.bind(select, 1, organizations);
            select.setObject(
                    organizations.size() + 1,
                    utc(from.atStartOfDay(DutchTime.ZONE).toInstant()));
            select.setObject(
                    organizations.size() + 2,
                    utc(to.plusDays(1).atStartOfDay(DutchTime.ZONE).toInstant()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    reader.read(row);
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not read the figures' moments", e);
        }
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
