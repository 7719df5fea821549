package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.audit.AuditEntries;
import nl.hartketen.application.audit.AuditEntry;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;

/**
 * The audit entries in audit_entry (with the patients and resources each names in audit_entry_entity), queued in
 * audit_unsealed for the sequencer. Three inserts per entry, joining the caller's transaction; no row is shared with
 * other requests.
 */
@ApplicationScoped
public class JdbcAuditEntries implements AuditEntries {

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcAuditEntries() {
        // for CDI
    }

    JdbcAuditEntries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(AuditEntry entry) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_entry (id, recorded, action, outcome, interaction, user_id, user_ref,"
                            + " organization_ref, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.id());
                insert.setObject(2, LocalDateTime.ofInstant(entry.recorded(), ZoneOffset.UTC));
                insert.setString(3, entry.action());
                insert.setString(4, entry.outcome());
                insert.setString(5, entry.interaction());
                insert.setString(6, truncate(entry.userId(), 255));
                insert.setString(7, truncate(entry.userReference(), 160));
                insert.setString(8, truncate(entry.organizationReference(), 160));
                insert.setString(9, entry.content());
                insert.executeUpdate();
            }
            if (!entry.entities().isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO audit_entry_entity (entry_id, reference) VALUES (?, ?)")) {
                    for (String reference : entry.entities()) {
                        insert.setString(1, entry.id());
                        insert.setString(2, reference);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            try (PreparedStatement queue =
                    connection.prepareStatement("INSERT INTO audit_unsealed (entry_id) VALUES (?)")) {
                queue.setString(1, entry.id());
                queue.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not write audit entry AuditEvent/" + entry.id(), e);
        }
    }

    @Override
    public Optional<StoredResource> read(String id) {
        return query("SELECT id, recorded, content FROM audit_entry WHERE id = ?", List.of(id)).stream()
                .findFirst();
    }

    @Override
    public int count(SearchQuery query) {
        AuditSearch search = new AuditSearch(query);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(search.countSql())) {
            SqlLists.bindAll(statement, search.parameters());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count audit entries", e);
        }
    }

    @Override
    public List<StoredResource> search(SearchQuery query, SearchKey after, int limit) {
        SqlSearch.Statement page = new AuditSearch(query).page(query.sort(), after, limit);
        return query(page.sql(), page.parameters());
    }

    private List<StoredResource> query(String sql, List<Object> parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlLists.bindAll(statement, parameters);
            List<StoredResource> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredResource(
                            "AuditEvent",
                            rs.getString(1),
                            1,
                            rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            rs.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StorageFailure("could not read audit entries", e);
        }
    }

    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
