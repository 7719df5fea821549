package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.notification.Change;
import nl.hartketen.application.notification.Delivery;
import nl.hartketen.application.notification.Notification;
import nl.hartketen.application.notification.NotificationStore;
import nl.hartketen.domain.shared.Role;

/** Tables {@code change_outbox}, {@code subscription_delivery} and {@code notification} (V15__notifications.sql). */
@ApplicationScoped
public class JdbcNotificationStore implements NotificationStore {

    private static final String DELIVERY_COLUMNS = "subscription_id, owner_subject, owner_name, owner_role,"
            + " owner_practitioner, owner_organization, criteria_type, matching, sending, events_since_start, failures,"
            + " next_attempt_at, last_error";

    private static final String NOTIFICATION_COLUMNS =
            "subscription_id, event_number, event_id, focus_type, focus_id, focus_version, occurred_at";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcNotificationStore() {
        // for CDI
    }

    JdbcNotificationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Change> changes(int limit) {
        return query(
                "SELECT position, resource_type, resource_id, version_id, changed_at FROM change_outbox"
                        + " ORDER BY position FETCH FIRST " + limit + " ROWS ONLY",
                List.of(),
                rs -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), Sql.instant(rs, 5)));
    }

    @Override
    public void remove(Collection<Change> changes) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM change_outbox WHERE position = ?")) {
            for (Change change : changes) {
                delete.setLong(1, change.position());
                delete.addBatch();
            }
            delete.executeBatch();
        } catch (SQLException e) {
            throw new StorageFailure("could not remove matched changes", e);
        }
    }

    @Override
    public void configure(String subscriptionId, Caller owner, String criteriaType, boolean active) {
        int updated = update(
                "UPDATE subscription_delivery SET criteria_type = ?, matching = ?,"
                        + " failures = CASE WHEN ? AND NOT sending THEN 0 ELSE failures END,"
                        + " next_attempt_at = CASE WHEN ? AND NOT sending THEN NULL ELSE next_attempt_at END,"
                        + " last_error = CASE WHEN ? THEN NULL ELSE last_error END,"
                        + " sending = ? WHERE subscription_id = ?",
                criteriaType,
                active,
                active,
                active,
                active,
                active,
                subscriptionId);
        if (updated == 0) {
            update(
                    "INSERT INTO subscription_delivery (" + DELIVERY_COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL, NULL)",
                    subscriptionId,
                    owner.subject(),
                    owner.name(),
                    owner.role().name(),
                    owner.practitioner(),
                    owner.organization(),
                    criteriaType,
                    active,
                    active);
        }
    }

    @Override
    public void stopSending(String subscriptionId, String reason) {
        update(
                "UPDATE subscription_delivery SET sending = FALSE, last_error = ? WHERE subscription_id = ?",
                truncate(reason),
                subscriptionId);
    }

    @Override
    public Optional<Delivery> delivery(String subscriptionId) {
        return query(
                        "SELECT " + DELIVERY_COLUMNS + " FROM subscription_delivery WHERE subscription_id = ?",
                        List.of(subscriptionId),
                        JdbcNotificationStore::delivery)
                .stream()
                .findFirst();
    }

    @Override
    public List<Delivery> matching() {
        return query(
                "SELECT " + DELIVERY_COLUMNS + " FROM subscription_delivery WHERE matching ORDER BY subscription_id",
                List.of(),
                JdbcNotificationStore::delivery);
    }

    @Override
    public Notification add(String subscriptionId, Change change, String eventId) {
        try (Connection connection = dataSource.getConnection()) {
            long number;
            try (PreparedStatement count = connection.prepareStatement("UPDATE subscription_delivery"
                    + " SET events_since_start = events_since_start + 1 WHERE subscription_id = ?")) {
                count.setString(1, subscriptionId);
                count.executeUpdate();
            }
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT events_since_start FROM subscription_delivery WHERE subscription_id = ?")) {
                read.setString(1, subscriptionId);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    number = rs.getLong(1);
                }
            }
            Notification notification = new Notification(
                    subscriptionId, number, eventId, change.type(), change.id(), change.version(), change.changedAt());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO notification (" + NOTIFICATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, subscriptionId);
                insert.setLong(2, number);
                insert.setString(3, eventId);
                insert.setString(4, change.type());
                insert.setString(5, change.id());
                insert.setLong(6, change.version());
                insert.setObject(7, Sql.utc(change.changedAt()));
                insert.executeUpdate();
            }
            return notification;
        } catch (SQLException e) {
            throw new StorageFailure("could not add an event to Subscription/" + subscriptionId, e);
        }
    }

    @Override
    public List<String> due(Instant now) {
        return query(
                "SELECT d.subscription_id FROM subscription_delivery d WHERE d.sending"
                        + " AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)"
                        + " AND EXISTS (SELECT 1 FROM notification n WHERE n.subscription_id = d.subscription_id)",
                List.of(Sql.utc(now)),
                rs -> rs.getString(1));
    }

    @Override
    public List<Notification> next(String subscriptionId, int limit) {
        // The ORDER BY names the key's leading column too: H2 then reads the key in order and stops at the limit,
        // where with event_number alone it sorted every waiting event of the subscription.
        return query(
                "SELECT " + NOTIFICATION_COLUMNS + " FROM notification WHERE subscription_id = ?"
                        + " ORDER BY subscription_id, event_number FETCH FIRST " + limit + " ROWS ONLY",
                List.of(subscriptionId),
                rs -> new Notification(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        Sql.instant(rs, 7)));
    }

    @Override
    public void done(Notification notification) {
        update(
                "DELETE FROM notification WHERE subscription_id = ? AND event_number = ?",
                notification.subscriptionId(),
                notification.eventNumber());
        update(
                "UPDATE subscription_delivery SET failures = 0, next_attempt_at = NULL, last_error = NULL"
                        + " WHERE subscription_id = ? AND failures > 0",
                notification.subscriptionId());
    }

    @Override
    public void failed(String subscriptionId, int failures, Instant nextAttempt, String error) {
        update(
                "UPDATE subscription_delivery SET failures = ?, next_attempt_at = ?, last_error = ?"
                        + " WHERE subscription_id = ?",
                failures,
                Sql.utc(nextAttempt),
                truncate(error),
                subscriptionId);
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        Caller owner = new Caller(
                rs.getString(2),
                rs.getString(3),
                Role.valueOf(rs.getString(4)),
                null,
                null,
                rs.getString(5),
                rs.getString(6),
                null);
        return new Delivery(
                rs.getString(1),
                owner,
                rs.getString(7),
                rs.getBoolean(8),
                rs.getBoolean(9),
                rs.getLong(10),
                rs.getInt(11),
                Sql.instant(rs, 12),
                rs.getString(13));
    }

    private <T> List<T> query(String sql, List<Object> parameters, Sql.Row<T> row) {
        return Sql.query(dataSource, "the notifications' state", sql, parameters, row);
    }

    private int update(String sql, Object... parameters) {
        return Sql.update(dataSource, "the notifications' state", sql, parameters);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
