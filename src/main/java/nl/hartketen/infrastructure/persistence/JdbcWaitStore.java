package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.waiting.WaitStore;
import nl.hartketen.domain.waiting.Wait;

/**
 * The waits in table waiting_time, and with them the counts of ended waits per month ({@link EndedWaitCounts}). The
 * care path is not the request's own business: it is set when the request joins an episode ({@link JdbcEpisodeIndex}),
 * and a new row takes it from the episode the request is already in.
 */
@ApplicationScoped
public class JdbcWaitStore implements WaitStore {

    private static final String COLUMNS = "performer_ref = ?, service_code = ?, priority = ?, inpatient = ?, state = ?,"
            + " start_date = ?, end_date = ?, paused_days = ?, paused_since = ?, wait_days = ?, within_target = ?, within_maximum = ?";
    private static final String UPDATE = "UPDATE waiting_time SET " + COLUMNS + " WHERE request_id = ? AND measure = ?";
    private static final String INSERT =
            "INSERT INTO waiting_time (performer_ref, service_code, priority, inpatient, state,"
                    + " start_date, end_date, paused_days, paused_since, wait_days, within_target, within_maximum, request_id, measure, care_path)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String EPISODE_CARE_PATH = "SELECT MIN(e.care_path) FROM care_episode_request er"
            + " JOIN care_episode e ON e.id = er.episode_id WHERE er.request_id = ?";
    private static final String KEPT = "SELECT " + EndedWaitCounts.COLUMNS + " FROM waiting_time WHERE request_id = ?";
    private static final String WITHOUT_WAIT = "SELECT r.id FROM referral r WHERE r.category <> 'BACK_REFERRAL'"
            + " AND NOT EXISTS (SELECT 1 FROM waiting_time w WHERE w.request_id = r.id) FETCH FIRST ? ROWS ONLY";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcWaitStore() {
        // for CDI
    }

    JdbcWaitStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(Wait wait) {
        try (Connection connection = dataSource.getConnection()) {
            boolean kept;
            Optional<EndedWaitCounts.Count> before = Optional.empty();
            String carePath = null;
            try (PreparedStatement select = connection.prepareStatement(KEPT + " AND measure = ? FOR UPDATE")) {
                select.setString(1, wait.requestId());
                select.setString(2, wait.measure().name());
                try (ResultSet row = select.executeQuery()) {
                    kept = row.next();
                    if (kept) {
                        before = EndedWaitCounts.Count.of(row);
                        carePath = row.getString("care_path");
                    }
                }
            }
            if (kept) {
                try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                    bind(update, wait);
                    update.executeUpdate();
                }
            } else {
                carePath = episodeCarePath(connection, wait.requestId());
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    bind(insert, wait);
                    insert.setString(15, carePath);
                    insert.executeUpdate();
                }
            }
            EndedWaitCounts.move(connection, before, EndedWaitCounts.Count.of(wait, carePath));
        } catch (SQLException e) {
            throw new StorageFailure("could not keep the wait of request " + wait.requestId(), e);
        }
    }

    /** Gives the waits of {@code requestId} the care path of the episode it joined, on the caller's connection. */
    static void assignCarePath(Connection connection, String requestId, String carePath) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(KEPT + " FOR UPDATE")) {
            select.setString(1, requestId);
            try (ResultSet kept = select.executeQuery()) {
                while (kept.next()) {
                    Optional<EndedWaitCounts.Count> before = EndedWaitCounts.Count.of(kept);
                    EndedWaitCounts.move(connection, before, before.map(count -> count.withCarePath(carePath)));
                }
            }
        }
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE waiting_time SET care_path = ? WHERE request_id = ?")) {
            update.setString(1, carePath);
            update.setString(2, requestId);
            update.executeUpdate();
        }
    }

    private static String episodeCarePath(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EPISODE_CARE_PATH)) {
            select.setString(1, requestId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    @Override
    public List<String> requestsWithoutWait(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(WITHOUT_WAIT)) {
            select.setInt(1, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new StorageFailure("could not find requests without a wait", e);
        }
    }

    /** Binds the 12 columns, then the request id (13) and the measure (14): the key. */
    private static void bind(PreparedStatement statement, Wait wait) throws SQLException {
        statement.setString(1, wait.performer());
        statement.setString(2, wait.service());
        statement.setString(3, wait.priority());
        statement.setBoolean(4, wait.inpatient());
        statement.setString(5, wait.state().name());
        setDate(statement, 6, wait.start());
        setDate(statement, 7, wait.end());
        statement.setInt(8, wait.pausedDays());
        setDate(statement, 9, wait.pausedSince());
        setNullable(statement, 10, wait.days(), Types.INTEGER);
        setNullable(statement, 11, wait.withinTarget(), Types.BOOLEAN);
        setNullable(statement, 12, wait.withinMaximum(), Types.BOOLEAN);
        statement.setString(13, wait.requestId());
        statement.setString(14, wait.measure().name());
    }

    private static void setNullable(PreparedStatement statement, int index, Object value, int type)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, type);
        } else {
            statement.setObject(index, value);
        }
    }

    private static void setDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setObject(index, date);
        }
    }
}
