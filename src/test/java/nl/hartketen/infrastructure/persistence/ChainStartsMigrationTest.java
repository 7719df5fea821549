package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Migration V8 on a real (in-memory H2) database: referrals stored before the loop existed, and those grown out of a
 * meekijkconsult, start a chain afterwards, their loops closed by the back-referrals already there, and their waits
 * are left to be computed again; escalations do not start one.
 */
class ChainStartsMigrationTest {

    private final JdbcDataSource database = InMemoryDatabase.empty("chain-starts");

    @Test
    void referralsStoredBeforeTheLoopGetTheirChainStartAndClosure() throws SQLException {
        InMemoryDatabase.migrate(database, "7");
        request("gp", "REFERRAL", "2026-01-05T10:00", null);
        request("escalation", "REFERRAL", "2026-01-20T10:00", "gp");
        request("back-to-hospital", "BACK_REFERRAL", "2026-02-20T10:00", "escalation");
        request("back-to-gp-late", "BACK_REFERRAL", "2026-03-10T10:00", "gp");
        request("back-to-gp", "BACK_REFERRAL", "2026-03-01T10:00", "gp");
        request("consult", "MEEKIJKCONSULT", "2026-04-01T10:00", null);
        request("from-consult", "REFERRAL", "2026-04-03T10:00", "consult");
        execute(
                "INSERT INTO waiting_time (request_id, measure, inpatient, state, start_date, end_date, paused_days, wait_days)"
                        + " VALUES ('from-consult', 'ACCESS', FALSE, 'WAITING', DATE '2026-04-03', NULL, 0, NULL),"
                        + " ('escalation', 'ACCESS', FALSE, 'ENDED', DATE '2026-01-20', DATE '2026-02-03', 0, 14)");

        InMemoryDatabase.migrate(database, null);

        Map<String, String> referrals =
                query("SELECT id, CONCAT(starts_chain, ' ', COALESCE(CAST(loop_closed_at AS VARCHAR), '-'))"
                        + " FROM referral WHERE category = 'REFERRAL' ORDER BY id");
        assertEquals(
                Map.of("gp", "TRUE 2026-03-01 10:00:00", "escalation", "FALSE -", "from-consult", "TRUE -"),
                referrals,
                "the GP's referral is closed by the earliest back-referral to the GP; the escalation is no chain's start");
        assertEquals(
                Map.of("escalation", "ACCESS"),
                query("SELECT request_id, measure FROM waiting_time"),
                "the converted referral's wait goes, to be kept again with its loop at the next start");
    }

    private void request(String id, String category, String authored, String basedOn) throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO referral (id, category, status, subject_ref, performer_ref,"
                            + " authored_on) VALUES (?, ?, 'ACTIVE', 'Patient/p', 'Organization/martini', ?)")) {
                insert.setString(1, id);
                insert.setString(2, category);
                insert.setObject(3, LocalDateTime.parse(authored));
                insert.executeUpdate();
            }
            if (basedOn != null) {
                try (PreparedStatement index =
                        connection.prepareStatement("INSERT INTO search_index (resource_type, resource_id, param,"
                                + " index_value) VALUES ('ServiceRequest', ?, 'based-on', ?)")) {
                    index.setString(1, id);
                    index.setString(2, "ServiceRequest/" + basedOn);
                    index.executeUpdate();
                }
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private Map<String, String> query(String sql) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }
}
