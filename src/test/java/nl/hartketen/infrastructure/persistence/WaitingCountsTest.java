package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nl.hartketen.application.chain.Census;
import nl.hartketen.domain.chain.AccessTime;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting now and open loops, counted from the referral rows' awaiting_outcome on a real (in-memory H2) database:
 * rows written before that column existed get it from the migration (and their census counts at the next start), and
 * both counts agree with what the Tasks say.
 */
class WaitingCountsTest {

    private static final String MARTINI = "Organization/martini";
    /** Noon UTC, so that whole days in Europe/Amsterdam stay whole across a daylight-saving change. */
    private static final Instant NOW =
            Instant.now().truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);

    private JdbcDataSource database;

    @BeforeEach
    void referralsStoredBeforeTheReadModel() throws SQLException {
        database = InMemoryDatabase.empty("waiting");
        InMemoryDatabase.migrate(database, "3");
        referral("waiting-long", "REFERRAL", "ACTIVE", 60, null, "REQUESTED", null);
        referral("completed", "REFERRAL", "ACTIVE", 70, null, "COMPLETED", null);
        referral("no-task", "REFERRAL", "ACTIVE", 80, null, null, null);
        referral("revoked", "REFERRAL", "REVOKED", 90, null, "REQUESTED", null);
        referral("seen-on-hold", "REFERRAL", "ON_HOLD", 50, 40, "ON_HOLD", "seen");
        referral("waiting-new", "REFERRAL", "ACTIVE", 2, null, "ACCEPTED", null);
        referral("rejected", "REFERRAL", "ACTIVE", 65, null, "REJECTED", null);
        referral("back-referral", "BACK_REFERRAL", "ACTIVE", 30, null, "REQUESTED", null);
        referral("consult-unanswered", "MEEKIJKCONSULT", "ACTIVE", 10, null, "REQUESTED", "awaiting-answer");
        referral("consult-recent", "MEEKIJKCONSULT", "ACTIVE", 1, null, "REQUESTED", "awaiting-answer");
        referral("consult-closed", "MEEKIJKCONSULT", "COMPLETED", 12, null, "COMPLETED", "closed");
        InMemoryDatabase.migrate(database, null);
        recount();
    }

    /** Counts every request from its columns, as the first start after the census counts (FhirStartup) does. */
    private void recount() throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM census_tally");
            statement.executeUpdate("DELETE FROM census_entry");
        }
        new JdbcReferralCounts(database).keepMissing(100, NOW);
    }

    @Test
    void waitingNowCountsReferralsNotYetSeenWhoseTaskHasNoOutcome() {
        AccessTime martini = new JdbcAccessTimes(database)
                .of(List.of(MARTINI), NOW.minus(90, ChronoUnit.DAYS))
                .get(MARTINI);
        assertEquals(2, martini.waitingNow(), "waiting-long and waiting-new");
        assertEquals(1, martini.seen());
        assertEquals(10, martini.medianDays().orElseThrow(), "seen-on-hold: sent 50 days ago, seen 40 days ago");
    }

    @Test
    void openLoopsAreReferralsSentBeforeTheCutOffStillOwedAnOutcome() {
        JdbcCensus census = new JdbcCensus(database);
        Instant cutOff = NOW.minus(28, ChronoUnit.DAYS);
        assertEquals(Map.of(MARTINI, 2), census.openLoopCounts(List.of(MARTINI), cutOff));
        List<Census.OpenLoop> listed = census.openLoops(List.of(MARTINI), cutOff, 10);
        assertEquals(
                List.of("ServiceRequest/waiting-long", "ServiceRequest/seen-on-hold"),
                listed.stream().map(Census.OpenLoop::referral).toList());
        assertEquals(
                List.of("requested", "seen"),
                listed.stream().map(Census.OpenLoop::step).toList());
        assertEquals(
                List.of("ServiceRequest/waiting-long"),
                census.openLoops(List.of(MARTINI), cutOff, 1).stream()
                        .map(Census.OpenLoop::referral)
                        .toList());
    }

    @Test
    void consultsPastTheirTargetAreThoseNotAnsweredNorClosed() throws SQLException {
        JdbcCensus census = new JdbcCensus(database);
        Instant lateIfAskedBefore = NOW.minus(5, ChronoUnit.DAYS);
        assertEquals(
                Map.of(MARTINI, 1),
                census.unansweredConsults(List.of(MARTINI), lateIfAskedBefore),
                "consult-unanswered");
        try (Connection connection = database.getConnection();
                PreparedStatement answer = connection.prepareStatement(
                        "UPDATE referral SET first_answer_at = ? WHERE id = 'consult-unanswered'")) {
            answer.setObject(1, daysAgo(2));
            answer.executeUpdate();
        }
        recount();
        assertEquals(
                Map.of(),
                census.unansweredConsults(List.of(MARTINI), lateIfAskedBefore),
                "answered late is no longer waiting");
    }

    @Test
    void aNewReferralIsCountedFromTheColumnTheDomainKeeps() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO referral (id, category, status, subject_ref, performer_ref, authored_on,"
                                + " awaiting_outcome) VALUES ('after', 'REFERRAL', 'ACTIVE', 'Patient/p', ?, ?, TRUE)")) {
            insert.setString(1, MARTINI);
            insert.setObject(2, daysAgo(1));
            insert.executeUpdate();
        }
        recount();
        assertEquals(
                3,
                new JdbcAccessTimes(database)
                        .of(List.of(MARTINI), NOW.minus(90, ChronoUnit.DAYS))
                        .get(MARTINI)
                        .waitingNow());
    }

    private void referral(
            String id,
            String category,
            String status,
            int sentDaysAgo,
            Integer seenDaysAgo,
            String taskStatus,
            String businessStatus)
            throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO referral (id, category, status, subject_ref, performer_ref,"
                            + " authored_on, first_visit_at) VALUES (?, ?, ?, 'Patient/p', ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, category);
                insert.setString(3, status);
                insert.setString(4, MARTINI);
                insert.setObject(5, daysAgo(sentDaysAgo));
                insert.setObject(6, seenDaysAgo == null ? null : daysAgo(seenDaysAgo));
                insert.executeUpdate();
            }
            if (taskStatus != null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO referral_task (id, referral_id, status, business_status,"
                                + " owner_ref) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, "task-" + id);
                    insert.setString(2, id);
                    insert.setString(3, taskStatus);
                    insert.setString(4, businessStatus);
                    insert.setString(5, MARTINI);
                    insert.executeUpdate();
                }
            }
        }
    }

    private static LocalDateTime daysAgo(int days) {
        return LocalDateTime.ofInstant(NOW.minus(days, ChronoUnit.DAYS), ZoneOffset.UTC);
    }
}
