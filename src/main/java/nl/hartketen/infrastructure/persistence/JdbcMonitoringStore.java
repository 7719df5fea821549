package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.monitoring.Enrolment;
import nl.hartketen.application.monitoring.MonitoringStore;
import nl.hartketen.domain.monitoring.Measurement;
import nl.hartketen.domain.monitoring.MonitoringEnd;
import nl.hartketen.domain.monitoring.VitalSign;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.domain.shared.Identifier;

/** Telemonitoring's tables (V17): monitoring_enrolment, monitoring_measurement, monitoring_alert. */
@ApplicationScoped
public class JdbcMonitoringStore implements MonitoringStore {

    private static final String WHAT = "the telemonitoring state";
    private static final String ENROLMENT_COLUMNS = "e.id, e.patient_ref, e.based_on_ref, e.team_organization,"
            + " e.platform_organization, e.care_path, e.period_start, e.period_end, e.active";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcMonitoringStore() {
        // for CDI
    }

    JdbcMonitoringStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void addEnrolment(Enrolment enrolment) {
        Sql.update(
                dataSource,
                WHAT,
                "INSERT INTO monitoring_enrolment (id, patient_ref, based_on_ref, team_organization,"
                        + " platform_organization, care_path, period_start, period_end, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                enrolment.id(),
                enrolment.patient(),
                enrolment.basedOn(),
                enrolment.team(),
                enrolment.platform(),
                enrolment.carePath(),
                Sql.utc(enrolment.start()),
                Sql.utc(enrolment.end()),
                enrolment.active());
    }

    @Override
    public Optional<Enrolment> enrolment(String id) {
        return Sql.query(
                        dataSource,
                        WHAT,
                        "SELECT " + ENROLMENT_COLUMNS + " FROM monitoring_enrolment e WHERE e.id = ?",
                        List.of(id),
                        JdbcMonitoringStore::enrolment)
                .stream()
                .findFirst();
    }

    private static Enrolment enrolment(java.sql.ResultSet rs) throws SQLException {
        return new Enrolment(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                Sql.instant(rs, 7),
                Sql.instant(rs, 8),
                rs.getBoolean(9));
    }

    @Override
    public List<String> activeBasedOn(String request) {
        return Sql.query(
                dataSource,
                WHAT,
                "SELECT id FROM monitoring_enrolment WHERE based_on_ref = ? AND active",
                List.of(request),
                rs -> rs.getString(1));
    }

    @Override
    public boolean end(String id, Instant at, MonitoringEnd reason) {
        return Sql.update(
                        dataSource,
                        WHAT,
                        "UPDATE monitoring_enrolment SET active = FALSE, ended_at = ?, end_reason = ?"
                                + " WHERE id = ? AND active",
                        Sql.utc(at),
                        reason.code(),
                        id)
                == 1;
    }

    @Override
    public List<Activity> active(String afterId, int limit) {
        List<Object> parameters = afterId == null ? List.of() : List.of(afterId);
        return Sql.query(
                dataSource,
                WHAT,
                "SELECT " + ENROLMENT_COLUMNS
                        + ", (SELECT MAX(a.raised_at) FROM monitoring_alert a WHERE a.enrolment_id = e.id),"
                        + " (SELECT MAX(m.measured_at) FROM monitoring_measurement m WHERE m.enrolment_id = e.id)"
                        + " FROM monitoring_enrolment e WHERE e.active" + (afterId == null ? "" : " AND e.id > ?")
                        + " ORDER BY e.id FETCH FIRST " + limit + " ROWS ONLY",
                parameters,
                rs -> new Activity(
                        enrolment(rs),
                        Optional.ofNullable(Sql.instant(rs, 10)),
                        Optional.ofNullable(Sql.instant(rs, 11))));
    }

    @Override
    public Optional<String> storedUnder(String platform, Identifier identifier) {
        return Sql.query(
                        dataSource,
                        WHAT,
                        "SELECT observation_id FROM monitoring_measurement"
                                + " WHERE platform_organization = ? AND id_system = ? AND id_value = ?"
                                + " FETCH FIRST 1 ROWS ONLY",
                        List.of(platform, identifier.system(), identifier.value()),
                        rs -> rs.getString(1))
                .stream()
                .findFirst();
    }

    @Override
    public void addMeasurements(List<StoredMeasurement> measurements) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO monitoring_measurement"
                        + " (observation_id, enrolment_id, platform_organization, id_system, id_value, vital_sign,"
                        + " measured_value, measured_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredMeasurement stored : measurements) {
                insert.setString(1, stored.observationId());
                insert.setString(2, stored.enrolmentId());
                insert.setString(3, stored.platform());
                insert.setString(4, stored.identifier().system());
                insert.setString(5, stored.identifier().value());
                insert.setString(6, stored.measurement().sign().name());
                insert.setDouble(7, stored.measurement().value());
                insert.setObject(8, Sql.utc(stored.measurement().measuredAt()));
                insert.setObject(9, Sql.utc(stored.receivedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            if (Databases.isUniqueViolation(e)) {
                // The same measurement sent twice at the same moment: the other send stored it.
                throw new DuplicateIdentifier("Observation", measurements.get(0).identifier());
            }
            throw new StorageFailure("could not write " + WHAT, e);
        }
    }

    @Override
    public Optional<Measurement> lowest(String enrolmentId, VitalSign sign, Instant from, Instant to) {
        return Sql.query(
                        dataSource,
                        WHAT,
                        "SELECT measured_value, measured_at FROM monitoring_measurement WHERE enrolment_id = ?"
                                + " AND vital_sign = ? AND measured_at >= ? AND measured_at < ?"
                                + " ORDER BY measured_value, measured_at FETCH FIRST 1 ROWS ONLY",
                        List.of(enrolmentId, sign.name(), Sql.utc(from), Sql.utc(to)),
                        rs -> new Measurement(sign, rs.getDouble(1), Sql.instant(rs, 2)))
                .stream()
                .findFirst();
    }

    @Override
    public boolean hasOpenAlert(String enrolmentId, String rule) {
        return !Sql.query(
                        dataSource,
                        WHAT,
                        "SELECT 1 FROM monitoring_alert WHERE enrolment_id = ? AND rule_code = ? AND closed_at IS NULL"
                                + " FETCH FIRST 1 ROWS ONLY",
                        List.of(enrolmentId, rule),
                        rs -> Boolean.TRUE)
                .isEmpty();
    }

    @Override
    public void addAlert(Alert alert) {
        Sql.update(
                dataSource,
                WHAT,
                "INSERT INTO monitoring_alert (task_id, enrolment_id, patient_ref, team_organization, rule_code,"
                        + " observation_id, measured_at, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                alert.taskId(),
                alert.enrolmentId(),
                alert.patient(),
                alert.team(),
                alert.rule(),
                alert.observationId(),
                Sql.utc(alert.measuredAt()),
                Sql.utc(alert.raisedAt()));
    }

    @Override
    public boolean isAlert(String taskId) {
        return !Sql.query(
                        dataSource,
                        WHAT,
                        "SELECT 1 FROM monitoring_alert WHERE task_id = ?",
                        List.of(taskId),
                        rs -> Boolean.TRUE)
                .isEmpty();
    }

    @Override
    public void acknowledged(String taskId, Instant at) {
        Sql.update(
                dataSource,
                WHAT,
                "UPDATE monitoring_alert SET acknowledged_at = ? WHERE task_id = ? AND acknowledged_at IS NULL",
                Sql.utc(at),
                taskId);
    }

    @Override
    public void closed(String taskId, Instant at) {
        acknowledged(taskId, at);
        Sql.update(
                dataSource,
                WHAT,
                "UPDATE monitoring_alert SET closed_at = ? WHERE task_id = ? AND closed_at IS NULL",
                Sql.utc(at),
                taskId);
    }
}
