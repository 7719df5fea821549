package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.worklist.Turn;
import nl.hartketen.application.worklist.WorkItem;
import nl.hartketen.application.worklist.WorkItems;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.waiting.Measure;
import nl.hartketen.domain.waiting.Wait;

/**
 * The worklists' items in work_item (migration V16). A list is read as ranges of the indexes on (performer, turn,
 * category, priority, sent) and (sender, turn, sent), each in index order and stopped after the page, then the waits of
 * the items listed in one query: no sort over an organization's open requests, no lookup per item.
 */
@ApplicationScoped
public class JdbcWorkItems implements WorkItems {

    private static final String NO_PRIORITY = "";
    // The ORDER BYs name the index's columns before the sent time, all fixed by the WHERE: so H2 too reads the index in
    // its order and stops after the page, where it would otherwise read the whole range and sort it.
    private static final String COLUMNS = "request_id, task_id, category, turn, sender_ref, performer_ref, priority,"
            + " authored_on, subject_ref, request_status, task_status, business_status";
    private static final String UPDATE = "UPDATE work_item SET task_id = ?, category = ?, turn = ?, sender_ref = ?,"
            + " performer_ref = ?, priority = ?, authored_on = ?, subject_ref = ?, request_status = ?, task_status = ?,"
            + " business_status = ? WHERE request_id = ?";
    private static final String INSERT = "INSERT INTO work_item (task_id, category, turn, sender_ref, performer_ref,"
            + " priority, authored_on, subject_ref, request_status, task_status, business_status, request_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PERFORMED = "SELECT " + COLUMNS + " FROM work_item WHERE performer_ref = ? AND turn = ?"
            + " AND category = ? AND priority = ? ORDER BY performer_ref, turn, category, priority, authored_on"
            + " FETCH FIRST %d ROWS ONLY";
    private static final String SENT = "SELECT " + COLUMNS + " FROM work_item WHERE sender_ref = ? AND turn = ?"
            + " ORDER BY sender_ref, turn, authored_on FETCH FIRST %d ROWS ONLY";
    private static final String WAITS = "SELECT request_id, measure, state, start_date, paused_days, paused_since,"
            + " wait_days FROM waiting_time WHERE request_id IN (%s)";

    /** FHIR's request priorities, and '' (the column's value for a request without one) for a range of its own. */
    private static final List<String> PRIORITIES = List.of("stat", "asap", "urgent", "routine", NO_PRIORITY);

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcWorkItems() {
        // for CDI
    }

    JdbcWorkItems(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void keep(String requestId, Optional<WorkItem> item) {
        try (Connection connection = dataSource.getConnection()) {
            if (item.isEmpty()) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM work_item WHERE request_id = ?")) {
                    delete.setString(1, requestId);
                    delete.executeUpdate();
                }
                return;
            }
            // The request's row is locked by its change, so no other transaction keeps this item meanwhile.
            if (write(connection, UPDATE, item.get()) == 0) {
                write(connection, INSERT, item.get());
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not keep the work item of ServiceRequest/" + requestId, e);
        }
    }

    private static int write(Connection connection, String sql, WorkItem item) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, item.taskId());
            statement.setString(2, item.category().name());
            statement.setString(3, item.turn().name());
            statement.setString(4, item.sender());
            statement.setString(5, item.performer());
            statement.setString(6, item.priority() == null ? NO_PRIORITY : item.priority());
            statement.setObject(7, JdbcReferralCounts.utc(item.authoredOn()));
            statement.setString(8, item.subject());
            statement.setString(9, item.requestStatus().name());
            statement.setString(10, item.taskStatus().name());
            statement.setString(11, item.businessStatus());
            statement.setString(12, item.requestId());
            return statement.executeUpdate();
        }
    }

    @Override
    public List<Listed> performedBy(String organization, Turn turn, RequestCategory category, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            List<WorkItem> found = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(PERFORMED.formatted(limit))) {
                for (String priority : PRIORITIES) {
                    query.setString(1, organization);
                    query.setString(2, turn.name());
                    query.setString(3, category.name());
                    query.setString(4, priority);
                    found.addAll(items(query));
                }
            }
            return withWaits(connection, found);
        } catch (SQLException e) {
            throw new StorageFailure("could not read the worklist of " + organization, e);
        }
    }

    @Override
    public List<Listed> sentBy(String organization, Turn turn, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(SENT.formatted(limit))) {
            query.setString(1, organization);
            query.setString(2, turn.name());
            return withWaits(connection, items(query));
        } catch (SQLException e) {
            throw new StorageFailure("could not read the worklist of " + organization, e);
        }
    }

    private static List<WorkItem> items(PreparedStatement query) throws SQLException {
        List<WorkItem> items = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                items.add(new WorkItem(
                        row.getString(1),
                        row.getString(2),
                        RequestCategory.valueOf(row.getString(3)),
                        Turn.valueOf(row.getString(4)),
                        row.getString(5),
                        row.getString(6),
                        NO_PRIORITY.equals(row.getString(7)) ? null : row.getString(7),
                        row.getObject(8, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        row.getString(9),
                        RequestStatus.valueOf(row.getString(10)),
                        TaskStatus.valueOf(row.getString(11)),
                        row.getString(12)));
            }
        }
        return items;
    }

    /** The items with the wait of each in its category's measure, read for all of them at once. */
    private static List<Listed> withWaits(Connection connection, List<WorkItem> items) throws SQLException {
        Map<String, Waited> waits = new HashMap<>();
        if (!items.isEmpty()) {
            Map<String, String> measures = new HashMap<>();
            items.forEach(item ->
                    Measure.of(item.category()).ifPresent(measure -> measures.put(item.requestId(), measure.name())));
            List<String> ids = items.stream().map(WorkItem::requestId).toList();
            try (PreparedStatement query = connection.prepareStatement(WAITS.formatted(SqlLists.placeholders(ids)))) {
                SqlLists.bind(query, 1, ids);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        if (row.getString(2).equals(measures.get(row.getString(1)))) {
                            waits.put(
                                    row.getString(1),
                                    new Waited(
                                            Wait.State.valueOf(row.getString(3)),
                                            row.getObject(4, LocalDate.class),
                                            row.getInt(5),
                                            row.getObject(6, LocalDate.class),
                                            row.getObject(7, Integer.class)));
                        }
                    }
                }
            }
        }
        return items.stream()
                .map(item -> new Listed(item, Optional.ofNullable(waits.get(item.requestId()))))
                .toList();
    }
}
