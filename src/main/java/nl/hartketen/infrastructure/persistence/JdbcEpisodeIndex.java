package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.chain.EpisodeIndex;

/** The care_episode projection, written on the caller's transaction (timestamps in UTC, as elsewhere). */
@ApplicationScoped
public class JdbcEpisodeIndex implements EpisodeIndex {

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcEpisodeIndex() {
        // for CDI
    }

    JdbcEpisodeIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(Row row, String request, long version) {
        String requestId = idOf(request);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM care_episode_request WHERE episode_id = ? AND request_id = ?")) {
                delete.setString(1, row.episodeId());
                delete.setString(2, requestId);
                delete.executeUpdate();
            }
            int updated;
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE care_episode SET patient_ref = ?, care_path = ?,"
                            + " organization_ref = ?, status = ?, opened_at = ?, closed_at = ?, current_request ="
                            + " COALESCE(?, current_request) WHERE id = ?")) {
                bind(update, row, 1);
                update.setString(8, row.episodeId());
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO care_episode (patient_ref, care_path, organization_ref, status, opened_at,"
                                + " closed_at, current_request, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(insert, row, 1);
                    insert.setString(8, row.episodeId());
                    insert.executeUpdate();
                }
            }
            if (row.currentRequest() != null) {
                // The census counts the patient at the step of the request that brought them here (JdbcReferralCounts).
                try (PreparedStatement step = connection.prepareStatement("UPDATE care_episode SET current_step ="
                        + " (SELECT step FROM census_entry WHERE request_id = ?) WHERE id = ?")) {
                    step.setString(1, idOf(row.currentRequest()));
                    step.setString(2, row.episodeId());
                    step.executeUpdate();
                }
            }
            try (PreparedStatement link = connection.prepareStatement(
                    "INSERT INTO care_episode_request (episode_id, request_id, episode_version) VALUES (?, ?, ?)")) {
                link.setString(1, row.episodeId());
                link.setString(2, requestId);
                link.setLong(3, version);
                link.executeUpdate();
            }
            // The waiting-time reports group by care path: the request's waits take their episode's.
            JdbcWaitStore.assignCarePath(connection, requestId, row.carePath());
        } catch (SQLException e) {
            throw new StorageFailure("could not record episode " + row.episodeId(), e);
        }
    }

    @Override
    public List<String> requestsOf(String episodeId, long version) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT request_id FROM care_episode_request"
                        + " WHERE episode_id = ? AND episode_version <= ? ORDER BY episode_version")) {
            query.setString(1, episodeId);
            query.setLong(2, version);
            List<String> requests = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    requests.add("ServiceRequest/" + rs.getString(1));
                }
            }
            return requests;
        } catch (SQLException e) {
            throw new StorageFailure("could not read the requests of episode " + episodeId, e);
        }
    }

    @Override
    public Optional<String> episodeWith(String request) {
        return first("SELECT episode_id FROM care_episode_request WHERE request_id = ?", idOf(request));
    }

    @Override
    public Optional<String> activeEpisode(String patient, String carePath) {
        String latest = " ORDER BY opened_at DESC FETCH FIRST 1 ROWS ONLY";
        return carePath == null
                ? first(
                        "SELECT id FROM care_episode WHERE patient_ref = ? AND status = 'active' AND care_path IS NULL"
                                + latest,
                        patient)
                : first(
                        "SELECT id FROM care_episode WHERE patient_ref = ? AND status = 'active' AND care_path = ?"
                                + latest,
                        patient,
                        carePath);
    }

    private Optional<String> first(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not look up an episode", e);
        }
    }

    private static void bind(PreparedStatement statement, Row row, int first) throws SQLException {
        statement.setString(first, row.patient());
        statement.setString(first + 1, row.carePath());
        statement.setString(first + 2, row.organization());
        statement.setString(first + 3, row.status());
        setTime(statement, first + 4, row.openedAt());
        setTime(statement, first + 5, row.closedAt());
        statement.setString(first + 6, row.currentRequest() == null ? null : idOf(row.currentRequest()));
    }

    private static String idOf(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }

    private static void setTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }
}
