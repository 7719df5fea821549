package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.chain.Census;
import nl.hartketen.application.chain.EpisodeIndex;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.domain.chain.AccessTime;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.testsupport.MiddleLayer;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The census and access-time counts kept with every change (census_entry, census_tally, care_episode.current_step)
 * agree with a recount from scratch over the referral and Task rows, as the census counted before it kept them: after
 * new referrals, accepts, visits, back-referrals, cancels and consults, after a fold, and after a recount of requests
 * stored before the counts existed.
 */
class CensusCountsTest {

    private static final String MARTINI = "Organization/martini";
    private static final String WZA = "Organization/wza";
    private static final String GP_PRACTICE = "Organization/hap-de-linde";
    private static final List<String> MEMBERS = List.of(MARTINI, WZA, GP_PRACTICE);
    private static final Actor GP = new Actor("Practitioner/de-boer", GP_PRACTICE, Role.GP);
    private static final Actor CARDIOLOGIST = new Actor(null, MARTINI, Role.CARDIOLOGIST);

    private MiddleLayer layer;
    private ReferralService referrals;
    private DataSource database;
    private int numbers;

    @BeforeEach
    void open() {
        layer = MiddleLayer.open();
        referrals = layer.referrals();
        database = layer.database();
    }

    @AfterEach
    void close() {
        layer.close();
    }

    @Test
    void theKeptCountsAgreeWithARecountAfterEveryKindOfChange() throws SQLException {
        Instant start = layer.clock().instant();
        JdbcEpisodeIndex episodes = new JdbcEpisodeIndex(database);
        // Referrals spread over 60 days, several on one day, so that cut-offs fall inside days with referrals on both
        // sides.
        for (int day = 0; day < 60; day += 3) {
            for (int hour = 0; hour < 24; hour += 7) {
                layer.clock().set(start.plus(Duration.ofDays(day).plusHours(hour)));
                String performer = (day + hour) % 2 == 0 ? MARTINI : WZA;
                submit("r" + day + "-" + hour, RequestCategory.REFERRAL, performer, null, true);
            }
        }
        submit("no-task", RequestCategory.REFERRAL, MARTINI, null, false);
        submit("c1", RequestCategory.MEEKIJKCONSULT, MARTINI, null, true);
        submit("c2", RequestCategory.MEEKIJKCONSULT, WZA, null, true);
        episodes.save(row("e1", "Patient/p1", MARTINI, "active", "ServiceRequest/r0-0"), "ServiceRequest/r0-0", 1);
        episodes.save(row("e2", "Patient/p2", WZA, "active", "ServiceRequest/r3-0"), "ServiceRequest/r3-0", 1);
        episodes.save(
                row("e3", "Patient/p3", MARTINI, "active", "ServiceRequest/no-task"), "ServiceRequest/no-task", 1);
        layer.commit();
        agreeWithARecount();

        layer.clock().advance(Duration.ofDays(1));
        changeTask("r0-0", TaskStatus.ACCEPTED, null);
        changeTask("r3-0", TaskStatus.ACCEPTED, null);
        changeTask("r6-0", TaskStatus.ACCEPTED, null);
        changeTask("r6-0", TaskStatus.IN_PROGRESS, "seen");
        referrals.recordVisit("r6-0", layer.clock().instant().minus(Duration.ofHours(30)), CARDIOLOGIST);
        referrals.recordVisit("r9-7", layer.clock().instant().minus(Duration.ofDays(2)), CARDIOLOGIST);
        referrals.recordVisit("r0-14", layer.clock().instant(), CARDIOLOGIST);
        changeTask("r12-0", TaskStatus.CANCELLED, null);
        changeTask("r12-7", TaskStatus.REJECTED, null);
        referrals.recordAnswer("c1", layer.clock().instant(), CARDIOLOGIST);
        // The patient of r6-0 goes back to the GP: the back-referral closes the loop, the Task completes.
        submit("back", RequestCategory.BACK_REFERRAL, GP_PRACTICE, "r6-0", true);
        referrals.recordLoopClosed("r6-0", layer.clock().instant(), CARDIOLOGIST);
        changeTask("r6-0", TaskStatus.COMPLETED, "discharged");
        episodes.save(row("e2", "Patient/p2", WZA, "active", "ServiceRequest/r6-0"), "ServiceRequest/r6-0", 2);
        episodes.save(
                row("e1", "Patient/p1", GP_PRACTICE, "finished", "ServiceRequest/back"), "ServiceRequest/back", 2);
        layer.commit();
        agreeWithARecount();

        layer.clock().advance(Duration.ofDays(1));
        changeTask("r3-0", TaskStatus.CANCELLED, null);
        layer.commit();
        referrals.foldCounts(layer.clock().instant().minus(Duration.ofHours(12)));
        layer.commit();
        agreeWithARecount();
        referrals.foldCounts(layer.clock().instant().plus(Duration.ofDays(1)));
        layer.commit();
        assertEquals(0, deltaRowsOf(1), "after a fold of everything, one row per count");
        agreeWithARecount();

        // A database from before the counts: nothing kept, then counted at the start as FhirStartup does.
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM census_tally");
            statement.executeUpdate("DELETE FROM census_entry");
            statement.executeUpdate("UPDATE care_episode SET current_step = NULL");
        }
        while (referrals.keepMissingCounts(7) > 0) {
            layer.commit();
        }
        layer.commit();
        agreeWithARecount();
    }

    /** The census and access times as read, against the queries that counted them before (docs/care-chain.md). */
    private void agreeWithARecount() throws SQLException {
        JdbcCensus census = new JdbcCensus(database);
        Instant now = layer.clock().instant();
        assertEquals(recountNow(), countsNow(census.patientsNow(MEMBERS)));
        for (int days = 0; days <= 62; days++) {
            for (int hour : new int[] {0, 3, 10, 17}) {
                Instant cutOff = now.minus(Duration.ofDays(days)).minus(Duration.ofHours(hour));
                String at = "cut-off " + cutOff;
                assertEquals(recountOpen(cutOff, false), census.openLoopCounts(MEMBERS, cutOff), at);
                assertEquals(recountOpen(cutOff, true), census.unansweredConsults(MEMBERS, cutOff), at);
                Map<String, AccessTime> times = new JdbcAccessTimes(database).of(MEMBERS, cutOff);
                for (String member : MEMBERS) {
                    assertEquals(recountAccess(member, cutOff), times.get(member), at + " at " + member);
                }
            }
        }
        Instant cutOff = now.minus(Duration.ofDays(20));
        List<Census.OpenLoop> oldest = census.openLoops(MEMBERS, cutOff, 5);
        assertEquals(
                recountOldest(cutOff, 5),
                oldest.stream().map(Census.OpenLoop::referral).toList());
        assertTrue(oldest.stream().allMatch(loop -> loop.step() != null));
    }

    private Map<String, Integer> countsNow(List<Census.Count> counts) {
        Map<String, Integer> found = new TreeMap<>();
        counts.forEach(count -> found.merge(
                count.organization() + " " + count.carePath() + " " + count.step(), count.patients(), Integer::sum));
        return found;
    }

    private Map<String, Integer> recountNow() throws SQLException {
        Map<String, Integer> found = new TreeMap<>();
        for (Object[] row :
                rows("SELECT e.organization_ref, e.care_path, t.business_status, t.status, COUNT(*) FROM care_episode e"
                        + " LEFT JOIN referral_task t ON t.referral_id = e.current_request WHERE e.status = 'active'"
                        + " GROUP BY e.organization_ref, e.care_path, t.business_status, t.status")) {
            String step = row[2] != null
                    ? (String) row[2]
                    : row[3] == null
                            ? "unknown"
                            : ((String) row[3]).toLowerCase().replace('_', '-');
            found.merge(row[0] + " " + row[1] + " " + step, ((Number) row[4]).intValue(), Integer::sum);
        }
        return found;
    }

    private Map<String, Integer> recountOpen(Instant before, boolean consults) throws SQLException {
        Map<String, Integer> found = new HashMap<>();
        String which = consults ? "category = 'MEEKIJKCONSULT' AND first_answer_at IS NULL" : "category = 'REFERRAL'";
        for (Object[] row : rows(
                "SELECT performer_ref, COUNT(*) FROM referral WHERE awaiting_outcome = TRUE AND " + which
                        + " AND authored_on < ? GROUP BY performer_ref",
                LocalDateTime.ofInstant(before, ZoneOffset.UTC))) {
            found.put((String) row[0], ((Number) row[1]).intValue());
        }
        return found;
    }

    private AccessTime recountAccess(String performer, Instant since) throws SQLException {
        List<Integer> waits = new ArrayList<>();
        for (Object[] row : rows(
                "SELECT authored_on, first_visit_at FROM referral WHERE performer_ref = ? AND first_visit_at >= ?"
                        + " AND category = 'REFERRAL' AND authored_on IS NOT NULL",
                performer,
                LocalDateTime.ofInstant(since, ZoneOffset.UTC))) {
            waits.add(DutchTime.daysBetween(
                    ((Timestamp) row[0]).toLocalDateTime().toInstant(ZoneOffset.UTC),
                    ((Timestamp) row[1]).toLocalDateTime().toInstant(ZoneOffset.UTC)));
        }
        int waiting = ((Number) rows(
                                "SELECT COUNT(*) FROM referral WHERE awaiting_outcome = TRUE AND category = 'REFERRAL'"
                                        + " AND first_visit_at IS NULL AND performer_ref = ?",
                                performer)
                        .get(0)[0])
                .intValue();
        return AccessTime.of(waits, waiting);
    }

    private List<String> recountOldest(Instant before, int limit) throws SQLException {
        return rows(
                        "SELECT 'ServiceRequest/' || r.id FROM referral r JOIN referral_task t ON t.referral_id = r.id"
                                + " WHERE r.awaiting_outcome = TRUE AND r.category = 'REFERRAL' AND r.authored_on < ?"
                                + " ORDER BY r.authored_on FETCH FIRST " + limit + " ROWS ONLY",
                        LocalDateTime.ofInstant(before, ZoneOffset.UTC))
                .stream()
                .map(row -> (String) row[0])
                .toList();
    }

    /** How many counts have more than {@code rows} rows in the tally. */
    private int deltaRowsOf(int rows) throws SQLException {
        return rows(
                        "SELECT performer_ref, kind, count_day, wait_days FROM census_tally"
                                + " GROUP BY performer_ref, kind, count_day, wait_days"
                                + " HAVING COUNT(*) > ?",
                        rows)
                .size();
    }

    private List<Object[]> rows(String sql, Object... parameters) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[rs.getMetaData().getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private void submit(String id, RequestCategory category, String performer, String basedOn, boolean withTask) {
        String number = "HK-" + ++numbers;
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference("Patient/p1"));
        request.addPerformer(new Reference(performer));
        request.addIdentifier().setSystem("urn:hartketen:referral").setValue(number);
        ReferralDetails details = new ReferralDetails(
                List.of(new Identifier("urn:hartketen:referral", number)),
                category,
                RequestStatus.ACTIVE,
                "Patient/p1",
                GP.practitioner(),
                performer,
                layer.clock().instant(),
                "outpatient-consult",
                "routine",
                basedOn);
        Optional<ReferralService.TaskOpening> opening = withTask
                ? Optional.of(new ReferralService.TaskOpening(
                        new TaskChange(TaskStatus.REQUESTED, null, null, null), task("t-" + id, id, "requested", null)))
                : Optional.empty();
        referrals.submit(details, layer.codec().encode(request, id), opening, GP);
    }

    private void changeTask(String referral, TaskStatus status, String businessStatus) {
        String code = status.name().toLowerCase().replace('_', '-');
        referrals.changeTask(
                new TaskChange(status, status == TaskStatus.REJECTED ? "no capacity" : null, businessStatus, null),
                task("t-" + referral, referral, code, businessStatus),
                null,
                CARDIOLOGIST);
    }

    private ResourceContent task(String id, String request, String status, String businessStatus) {
        Task task = new Task()
                .setStatus(Task.TaskStatus.fromCode(status))
                .setIntent(Task.TaskIntent.ORDER)
                .setFocus(new Reference("ServiceRequest/" + request))
                .setOwner(new Reference(MARTINI));
        if (businessStatus != null) {
            task.getBusinessStatus().setText(businessStatus);
        }
        return layer.codec().encode(task, id);
    }

    private static EpisodeIndex.Row row(
            String id, String patient, String organization, String status, String currentRequest) {
        return new EpisodeIndex.Row(
                id, patient, "chest-pain", organization, status, Instant.EPOCH, null, currentRequest);
    }
}
