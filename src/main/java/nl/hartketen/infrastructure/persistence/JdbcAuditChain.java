package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import nl.hartketen.application.audit.AuditChain;
import nl.hartketen.application.audit.AuditHash;
import nl.hartketen.application.audit.ChainCheck;

/**
 * The audit hash chain in the audit_chain table. Appending locks the one head row, so that links are made one at a
 * time, in order and without gaps, also with several application nodes on one database.
 */
@ApplicationScoped
public class JdbcAuditChain implements AuditChain {

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcAuditChain() {
        // for CDI
    }

    JdbcAuditChain(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void link(List<Entry> entries) {
        try (Connection connection = dataSource.getConnection()) {
            long sequence;
            String previous;
            try (PreparedStatement head = connection.prepareStatement(
                            "SELECT sequence, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
                    ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    throw new StorageFailure("the audit chain has no head row", null);
                }
                sequence = rs.getLong(1);
                previous = rs.getString(2);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_chain (sequence, audit_event_id, previous_hash, hash) VALUES (?, ?, ?, ?)")) {
                for (Entry entry : entries) {
                    sequence++;
                    String hash = AuditHash.of(previous, sequence, entry.auditEventId(), entry.content());
                    insert.setLong(1, sequence);
                    insert.setString(2, entry.auditEventId());
                    insert.setString(3, previous);
                    insert.setString(4, hash);
                    insert.addBatch();
                    previous = hash;
                }
                insert.executeBatch();
            }
            // One update per unit of work: on PostgreSQL every update of the head leaves a row version that later
            // updates in the same transaction must step over, so per-entry updates cost the square of the entries.
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE audit_chain_head SET sequence = ?, hash = ? WHERE id = 1")) {
                update.setLong(1, sequence);
                update.setString(2, previous);
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StorageFailure(
                    "could not link audit entries "
                            + entries.stream().map(Entry::auditEventId).toList(),
                    e);
        }
    }

    @Override
    public ChainCheck verify() {
        try (Connection connection = dataSource.getConnection()) {
            long checked = 0;
            String previous = AuditHash.GENESIS;
            try (PreparedStatement links = connection.prepareStatement(
                            "SELECT c.sequence, c.audit_event_id, c.previous_hash, c.hash, r.content FROM audit_chain c"
                                    + " LEFT JOIN resource r ON r.resource_type = 'AuditEvent' AND r.resource_id = c.audit_event_id"
                                    + " ORDER BY c.sequence");
                    ResultSet rs = links.executeQuery()) {
                while (rs.next()) {
                    long sequence = rs.getLong(1);
                    String id = rs.getString(2);
                    String content = rs.getString(5);
                    String problem = null;
                    if (sequence != checked + 1) {
                        problem = "link " + (checked + 1) + " is missing";
                    } else if (!previous.equals(rs.getString(3))) {
                        problem = "link " + sequence + " (AuditEvent/" + id + ") does not follow link " + checked;
                    } else if (content == null) {
                        problem = "AuditEvent/" + id + " (link " + sequence + ") has been removed";
                    } else if (!AuditHash.of(previous, sequence, id, content).equals(rs.getString(4))) {
                        problem = "AuditEvent/" + id + " (link " + sequence + ") has been changed";
                    }
                    if (problem != null) {
                        return new ChainCheck(checked, problem, previous);
                    }
                    previous = rs.getString(4);
                    checked = sequence;
                }
            }
            String problem = compareHead(connection, checked, previous);
            if (problem == null) {
                problem = compareCount(connection, checked);
            }
            return new ChainCheck(checked, problem, previous);
        } catch (SQLException e) {
            throw new StorageFailure("could not check the audit chain", e);
        }
    }

    /** Links removed from the end leave the head pointing past them. */
    private static String compareHead(Connection connection, long checked, String lastHash) throws SQLException {
        try (PreparedStatement head =
                        connection.prepareStatement("SELECT sequence, hash FROM audit_chain_head WHERE id = 1");
                ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                return "the chain's head row has been removed";
            }
            if (rs.getLong(1) != checked || !rs.getString(2).equals(lastHash)) {
                return "the chain ends at link " + checked + " but its head says " + rs.getLong(1);
            }
            return null;
        }
    }

    /** An AuditEvent written past the chain (not by the application) has no link. */
    private static String compareCount(Connection connection, long checked) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                        "SELECT COUNT(*) FROM resource WHERE resource_type = 'AuditEvent'");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            long events = rs.getLong(1);
            return events == checked ? null : events + " AuditEvents are stored but the chain links " + checked;
        }
    }
}
