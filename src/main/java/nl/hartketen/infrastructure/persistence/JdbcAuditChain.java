package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import nl.hartketen.application.audit.AuditChain;
import nl.hartketen.application.audit.AuditHash;
import nl.hartketen.application.audit.ChainCheck;

/**
 * The audit hash chain in audit_chain, sealed from the queue audit_unsealed. Only the sequencer holding the one head
 * row (audit_chain_head) seals; it takes that row without waiting, so a second sequencer (another node) skips its
 * round instead of queueing behind the first. Requests never touch the head.
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

    private record Queued(long position, String id, String content) {}

    @Override
    public int seal(int max) {
        try (Connection connection = dataSource.getConnection()) {
            long sequence;
            String previous;
            try (PreparedStatement head = connection.prepareStatement(
                            "SELECT sequence, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE SKIP LOCKED");
                    ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    return 0; // another sequencer holds the head
                }
                sequence = rs.getLong(1);
                previous = rs.getString(2);
            }
            List<Queued> batch = queued(connection, max);
            if (batch.isEmpty()) {
                return 0;
            }
            try (PreparedStatement link = connection.prepareStatement(
                            "INSERT INTO audit_chain (sequence, audit_event_id, previous_hash, hash) VALUES (?, ?, ?, ?)");
                    PreparedStatement dequeue =
                            connection.prepareStatement("DELETE FROM audit_unsealed WHERE position = ?")) {
                for (Queued entry : batch) {
                    sequence++;
                    String hash = AuditHash.of(previous, sequence, entry.id(), entry.content());
                    link.setLong(1, sequence);
                    link.setString(2, entry.id());
                    link.setString(3, previous);
                    link.setString(4, hash);
                    link.addBatch();
                    dequeue.setLong(1, entry.position());
                    dequeue.addBatch();
                    previous = hash;
                }
                link.executeBatch();
                dequeue.executeBatch();
            }
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE audit_chain_head SET sequence = ?, hash = ? WHERE id = 1")) {
                update.setLong(1, sequence);
                update.setString(2, previous);
                update.executeUpdate();
            }
            return batch.size();
        } catch (SQLException e) {
            throw new StorageFailure("could not seal the audit trail", e);
        }
    }

    /** The oldest queued entries; one whose entry row is gone stays queued, for verify to report. */
    private static List<Queued> queued(Connection connection, int max) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT q.position, q.entry_id, e.content FROM audit_unsealed q JOIN audit_entry e ON e.id = q.entry_id"
                        + " ORDER BY q.position FETCH FIRST ? ROWS ONLY")) {
            select.setInt(1, max);
            List<Queued> batch = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Queued(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return batch;
        }
    }

    @Override
    public ChainCheck verify() {
        try (Connection connection = dataSource.getConnection()) {
            // The head first: links the sequencer seals during the walk are left to the next check.
            long headSequence;
            String headHash;
            try (PreparedStatement head =
                            connection.prepareStatement("SELECT sequence, hash FROM audit_chain_head WHERE id = 1");
                    ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    return new ChainCheck(0, "the chain's head row has been removed", AuditHash.GENESIS, 0, null);
                }
                headSequence = rs.getLong(1);
                headHash = rs.getString(2);
            }
            long checked = 0;
            String previous = AuditHash.GENESIS;
            try (PreparedStatement links = connection.prepareStatement(
                    "SELECT c.sequence, c.audit_event_id, c.previous_hash, c.hash, e.content FROM audit_chain c"
                            + " LEFT JOIN audit_entry e ON e.id = c.audit_event_id WHERE c.sequence <= ?"
                            + " ORDER BY c.sequence")) {
                links.setLong(1, headSequence);
                try (ResultSet rs = links.executeQuery()) {
                    while (rs.next()) {
                        String problem = problemWith(rs, checked, previous);
                        if (problem != null) {
                            return withTail(connection, new ChainCheck(checked, problem, previous, 0, null));
                        }
                        previous = rs.getString(4);
                        checked = rs.getLong(1);
                    }
                }
            }
            String problem = checked != headSequence || !previous.equals(headHash)
                    ? "the chain ends at link " + checked + " but its head says " + headSequence
                    : unaccounted(connection);
            return withTail(connection, new ChainCheck(checked, problem, previous, 0, null));
        } catch (SQLException e) {
            throw new StorageFailure("could not check the audit chain", e);
        }
    }

    private static String problemWith(ResultSet link, long checked, String previous) throws SQLException {
        long sequence = link.getLong(1);
        String id = link.getString(2);
        String content = link.getString(5);
        if (sequence != checked + 1) {
            return "link " + (checked + 1) + " is missing";
        }
        if (!previous.equals(link.getString(3))) {
            return "link " + sequence + " (AuditEvent/" + id + ") does not follow link " + checked;
        }
        if (content == null) {
            return "AuditEvent/" + id + " (link " + sequence + ") has been removed";
        }
        if (!AuditHash.of(previous, sequence, id, content).equals(link.getString(4))) {
            return "AuditEvent/" + id + " (link " + sequence + ") has been changed";
        }
        return null;
    }

    /**
     * An entry neither sealed nor queued was written past the application (or taken off the queue); a queued one
     * without its entry was removed before it was sealed. Each is one statement, so that it sees the sequencer's
     * batches whole.
     */
    private static String unaccounted(Connection connection) throws SQLException {
        String slippedIn = firstId(
                connection,
                "SELECT e.id FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_event_id = e.id)"
                        + " AND NOT EXISTS (SELECT 1 FROM audit_unsealed q WHERE q.entry_id = e.id)"
                        + " FETCH FIRST 1 ROWS ONLY");
        if (slippedIn != null) {
            return "AuditEvent/" + slippedIn + " is stored but neither sealed nor waiting to be";
        }
        String removed = firstId(
                connection,
                "SELECT q.entry_id FROM audit_unsealed q WHERE NOT EXISTS (SELECT 1 FROM audit_entry e WHERE e.id = q.entry_id)"
                        + " FETCH FIRST 1 ROWS ONLY");
        return removed == null ? null : "AuditEvent/" + removed + " has been removed before it was sealed";
    }

    private static String firstId(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The entries not sealed yet: how many, and since when. */
    private static ChainCheck withTail(Connection connection, ChainCheck check) throws SQLException {
        try (PreparedStatement tail = connection.prepareStatement(
                        "SELECT COUNT(*), MIN(e.recorded) FROM audit_unsealed q JOIN audit_entry e ON e.id = q.entry_id");
                ResultSet rs = tail.executeQuery()) {
            rs.next();
            LocalDateTime oldest = rs.getObject(2, LocalDateTime.class);
            Instant since = oldest == null ? null : oldest.toInstant(ZoneOffset.UTC);
            return new ChainCheck(check.entries(), check.problem(), check.headHash(), rs.getLong(1), since);
        }
    }
}
