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
import javax.sql.DataSource;
import nl.hartketen.application.figures.ActivityQueries;
import nl.hartketen.application.figures.ActivityStore;
import nl.hartketen.domain.figures.Activity;
import nl.hartketen.domain.figures.ActivityKind;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.DutchTime;

/**
 * The counted acts of care (care_activity, V18) and the figures read from them, from the referrals (meekijkconsulten
 * and telediagnostics received) and from telemonitoring's tables (monitoring_enrolment, monitoring_alert, V17).
 */
@ApplicationScoped
public class JdbcActivities implements ActivityStore, ActivityQueries {

    private static final String DELETE = "DELETE FROM care_activity WHERE source_ref = ?";
    private static final String INSERT = "INSERT INTO care_activity (source_ref, organization_ref, activity_day, kind,"
            + " code, referred) VALUES (?, ?, ?, ?, ?, ?)";
    // Grouped per day: a year is at most 366 days × codes per organization, read from the index alone.
    private static final String COUNTS = "SELECT organization_ref, activity_day, kind, code, referred, COUNT(*) FROM"
            + " care_activity WHERE organization_ref IN (%s) AND activity_day BETWEEN ? AND ? GROUP BY organization_ref,"
            + " activity_day, kind, code, referred";
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
            delete(connection, activity.source());
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, activity.source());
                insert.setString(2, activity.organization());
                insert.setObject(3, activity.day());
                insert.setString(4, activity.kind().name());
                insert.setString(5, activity.code());
                insert.setBoolean(6, activity.referred());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count " + activity.source(), e);
        }
    }

    @Override
    public void forget(String source) {
        try (Connection connection = dataSource.getConnection()) {
            delete(connection, source);
        } catch (SQLException e) {
            throw new StorageFailure("could not stop counting " + source, e);
        }
    }

    private static void delete(Connection connection, String source) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, source);
            delete.executeUpdate();
        }
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
