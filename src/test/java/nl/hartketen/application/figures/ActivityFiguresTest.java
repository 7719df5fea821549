package nl.hartketen.application.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.hartketen.domain.figures.Activity;
import nl.hartketen.domain.figures.ActivityKind;
import nl.hartketen.domain.figures.ContactKind;
import nl.hartketen.infrastructure.persistence.InMemoryDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The activity figures exactly, on a hand-built set in a real (in-memory H2) database with the real migrations: acts
 * kept through the real store, referrals, telemonitoring's enrolments and alerts and the access waits' monthly counts
 * as their writers leave them. The UMCG's 2022 against 2021; acts elsewhere and outside the years must not count.
 */
class ActivityFiguresTest {

    private static final String UMCG = "Organization/umcg";
    private static final String MARTINI = "Organization/martini";

    private static JdbcDataSource database;
    private static ActivityFigures figures;
    private static int sources;

    @BeforeAll
    static void handBuiltYears() throws SQLException {
        database = InMemoryDatabase.migrated("figures");
        ActivityStore store = InMemoryDatabase.activities(database);
        figures = new ActivityFigures(InMemoryDatabase.activities(database), InMemoryDatabase.waitQueries(database));
        LocalDate march = LocalDate.of(2022, 3, 15);
        acts(store, UMCG, march, ActivityKind.CONTACT, "physical", false, 6);
        acts(store, UMCG, march, ActivityKind.CONTACT, "telephone", false, 2);
        acts(store, UMCG, march, ActivityKind.CONTACT, "video", false, 1);
        acts(store, UMCG, march, ActivityKind.CONTACT, "written", false, 1);
        acts(store, UMCG, LocalDate.of(2021, 6, 1), ActivityKind.CONTACT, "physical", false, 8);
        acts(store, UMCG, LocalDate.of(2021, 6, 1), ActivityKind.CONTACT, "telephone", false, 1);
        acts(store, UMCG, LocalDate.of(2022, 5, 2), ActivityKind.PROCEDURE, "pci", true, 2);
        acts(store, UMCG, LocalDate.of(2022, 12, 31), ActivityKind.PROCEDURE, "pci", false, 1);
        acts(store, UMCG, LocalDate.of(2022, 1, 1), ActivityKind.PROCEDURE, "tavi", true, 1);
        acts(store, UMCG, LocalDate.of(2021, 5, 2), ActivityKind.PROCEDURE, "pci", false, 2);
        acts(store, UMCG, LocalDate.of(2022, 7, 7), ActivityKind.DIAGNOSTIC, "echo", false, 2);
        acts(store, UMCG, LocalDate.of(2021, 7, 7), ActivityKind.DIAGNOSTIC, "echo", false, 4);
        // elsewhere, before and after: not counted
        acts(store, MARTINI, march, ActivityKind.CONTACT, "video", false, 5);
        acts(store, UMCG, LocalDate.of(2020, 12, 31), ActivityKind.PROCEDURE, "pci", false, 3);
        acts(store, UMCG, LocalDate.of(2023, 1, 1), ActivityKind.PROCEDURE, "pci", false, 3);
        // an appointment no longer fulfilled counts no more
        store.keep(new Activity("Appointment/cancelled", UMCG, march, ActivityKind.CONTACT, "physical", false));
        store.forget("Appointment/cancelled");
        // counted again in its place, not twice
        store.keep(new Activity("Appointment/moved", UMCG, march, ActivityKind.CONTACT, "video", false));
        store.keep(new Activity("Appointment/moved", UMCG, march.plusYears(5), ActivityKind.CONTACT, "video", false));

        try (Connection connection = database.getConnection()) {
            request(connection, "mk1", "MEEKIJKCONSULT", "ACTIVE", UMCG, "2022-03-01T10:00:00");
            request(connection, "mk2", "MEEKIJKCONSULT", "COMPLETED", UMCG, "2022-03-20T10:00:00");
            request(connection, "mk3", "MEEKIJKCONSULT", "ENTERED_IN_ERROR", UMCG, "2022-03-21T10:00:00");
            // 23:30 UTC on 31 December 2021 is 00:30 on 1 January 2022 in Amsterdam
            request(connection, "td1", "TELEDIAGNOSTICS", "ACTIVE", UMCG, "2021-12-31T23:30:00");
            request(connection, "td2", "TELEDIAGNOSTICS", "ACTIVE", UMCG, "2021-02-01T10:00:00");
            request(connection, "td3", "TELEDIAGNOSTICS", "ACTIVE", MARTINI, "2022-02-01T10:00:00");
            enrolment(connection, "e1", UMCG, "2022-03-02T09:00:00");
            enrolment(connection, "e2", UMCG, "2022-03-30T09:00:00");
            enrolment(connection, "e3", MARTINI, "2022-03-30T09:00:00");
            alert(connection, "a1", UMCG, "2022-03-03T10:00:00", 5, 30);
            alert(connection, "a2", UMCG, "2022-03-04T10:00:00", 10, 90);
            alert(connection, "a3", UMCG, "2022-03-05T10:00:00", 60, null);
            alert(connection, "a4", MARTINI, "2022-03-05T10:00:00", 600, 600);
            waits(connection, UMCG, "2022-02-01", "chest-pain", 7, 3);
            waits(connection, UMCG, "2022-06-01", "chest-pain", 14, 1);
            waits(connection, UMCG, "2022-11-01", "chest-pain", 20, 1);
            waits(connection, UMCG, "2022-11-01", "atrial-fibrillation", 1, 9);
            waits(connection, MARTINI, "2022-11-01", "chest-pain", 1, 9);
            waits(connection, UMCG, "2021-04-01", "chest-pain", 30, 2);
        }
    }

    @Test
    void proceduresPerKindWithTheShareReferredOnAndTheYearBefore() {
        ActivityFigures.AnnualFigures year = figures.annual(UMCG, 2022, "chest-pain", 14);

        Map<String, ActivityFigures.Figure> procedures = byCode(year.procedures());
        assertEquals(
                ActivityFigures.PROCEDURES,
                year.procedures().stream().map(ActivityFigures.Figure::code).toList());
        assertEquals(new ActivityFigures.Figure("pci", 3, 2, 2L, 0L), procedures.get("pci"));
        assertEquals(Optional.of(0.5), procedures.get("pci").change());
        assertEquals(2.0 / 3, procedures.get("pci").referredShare().orElseThrow(), 1e-9);
        assertEquals(new ActivityFigures.Figure("tavi", 1, 0, 1L, 0L), procedures.get("tavi"));
        assertEquals(Optional.empty(), procedures.get("tavi").change(), "no change against a year without any");
        assertEquals(new ActivityFigures.Figure("cabg", 0, 0, 0L, 0L), procedures.get("cabg"));
        assertEquals(
                new ActivityFigures.Figure("echo", 2, 4, null, null),
                byCode(year.diagnostics()).get("echo"));
        assertEquals(Optional.of(-0.5), byCode(year.diagnostics()).get("echo").change());
    }

    @Test
    void contactsPerKindWithTelemonitoringFromItsEnrolments() {
        Map<String, ActivityFigures.Figure> contacts =
                byCode(figures.annual(UMCG, 2022, "chest-pain", 14).contacts());

        assertEquals(new ActivityFigures.Figure("physical", 6, 8, null, null), contacts.get("physical"));
        assertEquals(new ActivityFigures.Figure("telephone", 2, 1, null, null), contacts.get("telephone"));
        assertEquals(
                new ActivityFigures.Figure("video", 1, 0, null, null), contacts.get("video"), "the moved one in 2027");
        assertEquals(new ActivityFigures.Figure("written", 1, 0, null, null), contacts.get("written"));
        assertEquals(new ActivityFigures.Figure("telemonitoring", 2, 0, null, null), contacts.get("telemonitoring"));
    }

    @Test
    void meekijkconsultenAndTelediagnosticsReceivedByTheirAmsterdamDay() {
        Map<String, ActivityFigures.Figure> requests =
                byCode(figures.annual(UMCG, 2022, "chest-pain", 14).requests());

        assertEquals(new ActivityFigures.Figure("meekijkconsult", 2, 0, null, null), requests.get("meekijkconsult"));
        assertEquals(new ActivityFigures.Figure("telediagnostics", 1, 1, null, null), requests.get("telediagnostics"));
    }

    @Test
    void theChestPainClinicsAccessTimeAgainstItsOwnTwoWeeks() {
        ActivityFigures.AnnualFigures year = figures.annual(UMCG, 2022, "chest-pain", 14);

        assertEquals(new ActivityFigures.AccessTime("chest-pain", 14, 5, 7, 14, 20, 0.8), year.access());
        assertEquals(new ActivityFigures.AccessTime("chest-pain", 14, 2, 30, 30, 30, 0.0), year.previousAccess());
        assertEquals(
                new ActivityFigures.AccessTime("chest-pain", 14, 0, null, null, null, null),
                figures.annual(UMCG, 2020, "chest-pain", 14).access());
    }

    @Test
    void digitalCarePerHospitalAndMonthWithAlertResponseTimes() {
        List<ActivityFigures.Month> months =
                figures.digitalCare(List.of(UMCG, MARTINI), LocalDate.of(2022, 2, 1), LocalDate.of(2022, 3, 31), true);

        assertEquals(4, months.size(), "both hospitals, both months, also without anything");
        ActivityFigures.Month umcgMarch = months.stream()
                .filter(month ->
                        UMCG.equals(month.organization()) && month.month().equals(YearMonth.of(2022, 3)))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Map.of(
                        ContactKind.PHYSICAL, 6L,
                        ContactKind.TELEPHONE, 2L,
                        ContactKind.VIDEO, 1L,
                        ContactKind.WRITTEN, 1L,
                        ContactKind.TELEMONITORING, 2L),
                umcgMarch.contacts());
        assertEquals(12, umcgMarch.allContacts());
        assertEquals(6, umcgMarch.digitalContacts());
        assertEquals(Optional.of(0.5), umcgMarch.digitalShare());
        assertEquals(2, umcgMarch.meekijkconsulten());
        assertEquals(new ActivityFigures.ResponseTimes(3, 10, 60), umcgMarch.toAlert());
        assertEquals(new ActivityFigures.ResponseTimes(2, 30, 90), umcgMarch.toAcknowledgement());
        ActivityFigures.Month umcgFebruary = months.get(0);
        assertEquals(YearMonth.of(2022, 2), umcgFebruary.month());
        assertEquals(Optional.empty(), umcgFebruary.digitalShare(), "no contacts: no share, not 0");
        assertNull(umcgFebruary.toAlert().p50());

        List<ActivityFigures.Month> together =
                figures.digitalCare(List.of(UMCG, MARTINI), LocalDate.of(2022, 3, 1), LocalDate.of(2022, 3, 31), false);
        assertEquals(1, together.size());
        assertNull(together.get(0).organization());
        assertEquals(12 + 5 + 1, together.get(0).allContacts(), "the Martini's videos and enrolment too");
        assertEquals(2, together.get(0).meekijkconsulten());
        assertEquals(0, together.get(0).telediagnostics(), "the Martini's was in February");
    }

    @Test
    void theDayCountsAreTheActsKeptAfterEveryKeepMoveAndForget() throws SQLException {
        String grouped = "SELECT organization_ref, activity_day, kind, code, referred, COUNT(*) FROM care_activity"
                + " GROUP BY organization_ref, activity_day, kind, code, referred";
        String counted = "SELECT organization_ref, activity_day, kind, code, referred, acts FROM care_activity_day";
        try (Connection connection = database.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            for (String difference : List.of(grouped + " EXCEPT " + counted, counted + " EXCEPT " + grouped)) {
                try (java.sql.ResultSet rows = statement.executeQuery(difference)) {
                    assertEquals(false, rows.next(), difference);
                }
            }
        }
    }

    private static Map<String, ActivityFigures.Figure> byCode(List<ActivityFigures.Figure> list) {
        return list.stream().collect(Collectors.toMap(ActivityFigures.Figure::code, Function.identity()));
    }

    private static void acts(
            ActivityStore store, String at, LocalDate day, ActivityKind kind, String code, boolean referred, int n) {
        for (int i = 0; i < n; i++) {
            store.keep(new Activity("Test/" + ++sources, at, day, kind, code, referred));
        }
    }

    private static void request(
            Connection connection, String id, String category, String status, String performer, String authoredUtc)
            throws SQLException {
        update(
                connection,
                "INSERT INTO referral (id, category, status, subject_ref, performer_ref, authored_on) VALUES (?, ?, ?,"
                        + " 'Patient/p', ?, ?)",
                id,
                category,
                status,
                performer,
                LocalDateTime.parse(authoredUtc));
    }

    private static void enrolment(Connection connection, String id, String team, String startUtc) throws SQLException {
        LocalDateTime start = LocalDateTime.parse(startUtc);
        update(
                connection,
                "INSERT INTO monitoring_enrolment (id, patient_ref, based_on_ref, team_organization,"
                        + " platform_organization, care_path, period_start, period_end, active) VALUES (?, 'Patient/p',"
                        + " 'ServiceRequest/r', ?, 'Organization/platform', 'heart-failure', ?, ?, TRUE)",
                id,
                team,
                start,
                start.plusMonths(3));
    }

    private static void alert(
            Connection connection, String task, String team, String measuredUtc, int toAlert, Integer toAcknowledgement)
            throws SQLException {
        LocalDateTime measured = LocalDateTime.parse(measuredUtc);
        LocalDateTime raised = measured.plusMinutes(toAlert);
        update(
                connection,
                "INSERT INTO monitoring_alert (task_id, enrolment_id, patient_ref, team_organization, rule_code,"
                        + " observation_id, measured_at, raised_at, acknowledged_at) VALUES (?, 'e', 'Patient/p', ?,"
                        + " 'weight-gain', 'o', ?, ?, ?)",
                task,
                team,
                measured,
                raised,
                toAcknowledgement == null ? null : raised.plusMinutes(toAcknowledgement));
    }

    /** Access waits as the kept monthly counts hold them (a whole year is read from these alone). */
    private static void waits(
            Connection connection, String performer, String month, String carePath, int days, int count)
            throws SQLException {
        update(
                connection,
                "INSERT INTO waiting_time_month (measure, performer_ref, end_month, care_path, service_code, priority,"
                        + " wait_days, waits, within_target, within_maximum) VALUES ('ACCESS', ?, ?, ?, 'outpatient-cardiology',"
                        + " 'routine', ?, ?, ?, ?)",
                performer,
                LocalDate.parse(month),
                carePath,
                days,
                count,
                count,
                count);
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
