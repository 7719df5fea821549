package nl.hartketen.domain.waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.consult.WorkingDays;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.ReferralNumber;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import org.junit.jupiter.api.Test;

/** Waits on hand-built requests where every wait is known (docs/waiting-times.md has the same examples). */
class WaitRulesTest {

    private static final Actor GP = new Actor("Practitioner/gp", "Organization/practice", Role.GP);
    private static final Actor CARDIOLOGIST = new Actor("Practitioner/card", "Organization/martini", Role.CARDIOLOGIST);
    private final WaitRules rules =
            new WaitRules(Set.of("cabg", "valve-surgery", "tavi"), new ResponseTarget(WorkingDays.netherlands(), 3));

    /** A moment in Dutch local time. */
    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(DutchTime.ZONE).toInstant();
    }

    private static Referral sent(RequestCategory category, String service, String authored) {
        return sent(category, service, authored, Optional.empty());
    }

    /** A GP's referral, the first of its chain: it has a loop. */
    private static Referral gpReferral(String authored) {
        return sent(RequestCategory.REFERRAL, "outpatient-cardiology", authored);
    }

    private static Referral sent(
            RequestCategory category, String service, String authored, Optional<Referral> basedOn) {
        ReferralDetails details = new ReferralDetails(
                List.of(new Identifier(ReferralNumber.SYSTEM, "HK-" + authored)),
                category,
                RequestStatus.ACTIVE,
                "Patient/p",
                "Practitioner/gp",
                "Organization/martini",
                at(authored),
                service,
                "routine",
                basedOn.map(Referral::id).orElse(null));
        Referral request = Referral.submit("sr-" + authored, details, basedOn, GP, at(authored));
        request.openTask("task-" + authored, new TaskChange(null, null, null, null), GP, at(authored));
        return request;
    }

    private static void move(Referral request, TaskStatus status, String reason, String when) {
        request.changeTask(new TaskChange(status, reason, null, null), CARDIOLOGIST, at(when));
    }

    @Test
    void accessTimeIsWholeCalendarDaysFromSentToFirstVisit() {
        Referral referral = sent(RequestCategory.REFERRAL, "outpatient-cardiology", "2026-02-02T16:45");
        referral.recordVisit(at("2026-02-12T09:00"), CARDIOLOGIST, at("2026-02-12T09:30"));

        Wait wait = rules.of(referral).orElseThrow();

        assertEquals(Measure.ACCESS, wait.measure());
        assertEquals(Wait.State.ENDED, wait.state());
        assertEquals(LocalDate.parse("2026-02-02"), wait.start());
        assertEquals(LocalDate.parse("2026-02-12"), wait.end());
        assertEquals(10, wait.days());
        assertTrue(wait.withinTarget());
        assertTrue(wait.withinMaximum());
    }

    @Test
    void aWaitAcrossTheDaylightSavingChangeCountsDatesInAmsterdam() {
        // Sent at 23:30 on Saturday 28 March (CET); the clocks go forward that night. Seen 21 days later at 00:30
        // (CEST).
        Referral referral = sent(RequestCategory.REFERRAL, null, "2026-03-28T23:30");
        referral.recordVisit(at("2026-04-18T00:30"), CARDIOLOGIST, at("2026-04-18T01:00"));
        Referral oneDayLater = sent(RequestCategory.REFERRAL, null, "2026-03-28T23:31");
        oneDayLater.recordVisit(at("2026-04-19T08:00"), CARDIOLOGIST, at("2026-04-19T09:00"));

        assertEquals(21, rules.of(referral).orElseThrow().days());
        // Both moments are 22:30 UTC, on 28 March and 17 April: by UTC dates the wait would be 20 days
        // (docs/waiting-times.md).
        assertEquals(
                20,
                java.time.temporal.ChronoUnit.DAYS.between(
                        LocalDate.ofInstant(at("2026-03-28T23:30"), java.time.ZoneOffset.UTC),
                        LocalDate.ofInstant(at("2026-04-18T00:30"), java.time.ZoneOffset.UTC)));
        assertTrue(rules.of(referral).orElseThrow().withinTarget(), "21 days is within the 3-week target");
        assertEquals(22, rules.of(oneDayLater).orElseThrow().days());
        assertFalse(rules.of(oneDayLater).orElseThrow().withinTarget());
        assertTrue(rules.of(oneDayLater).orElseThrow().withinMaximum(), "within the 4-week maximum");
    }

    @Test
    void daysThePatientAskedToPostponeAreLeftOutButAHospitalHoldCounts() {
        Referral postponed = sent(RequestCategory.REFERRAL, null, "2026-05-04T10:00");
        move(postponed, TaskStatus.ACCEPTED, null, "2026-05-05T10:00");
        move(postponed, TaskStatus.ON_HOLD, WaitRules.PATIENT_POSTPONED, "2026-05-09T10:00");
        move(postponed, TaskStatus.ACCEPTED, null, "2026-05-16T10:00");
        postponed.recordVisit(at("2026-06-03T10:00"), CARDIOLOGIST, at("2026-06-03T11:00"));
        Referral held = sent(RequestCategory.REFERRAL, null, "2026-05-04T10:00");
        move(held, TaskStatus.ACCEPTED, null, "2026-05-05T10:00");
        move(held, TaskStatus.ON_HOLD, "capacity", "2026-05-09T10:00");
        move(held, TaskStatus.ACCEPTED, null, "2026-05-16T10:00");
        held.recordVisit(at("2026-06-03T10:00"), CARDIOLOGIST, at("2026-06-03T11:00"));

        Wait patientsWait = rules.of(postponed).orElseThrow();
        assertEquals(7, patientsWait.pausedDays());
        assertEquals(30 - 7, patientsWait.days(), "30 calendar days, 7 of them postponed by the patient");
        assertEquals(30, rules.of(held).orElseThrow().days());
    }

    @Test
    void aPatientStillWaitingCountsTheWaitSoFarAndALongPostponementStillRunning() {
        Referral waiting = sent(RequestCategory.REFERRAL, null, "2026-06-01T09:00");
        move(waiting, TaskStatus.ACCEPTED, null, "2026-06-02T09:00");
        move(waiting, TaskStatus.ON_HOLD, WaitRules.PATIENT_POSTPONED, "2026-06-10T09:00");

        Wait wait = rules.of(waiting).orElseThrow();

        assertEquals(Wait.State.WAITING, wait.state());
        assertNull(wait.days());
        assertEquals(LocalDate.parse("2026-06-10"), wait.pausedSince());
        assertEquals(
                9,
                Wait.daysSoFar(wait.start(), wait.pausedDays(), wait.pausedSince(), LocalDate.parse("2026-06-20")),
                "19 days since it was sent, 10 of them postponed");
    }

    @Test
    void aRejectedOrRevokedRequestIsNeitherAWaitNorWaiting() {
        Referral rejected = sent(RequestCategory.REFERRAL, null, "2026-06-01T09:00");
        move(rejected, TaskStatus.REJECTED, "not indicated", "2026-06-03T09:00");
        Referral revoked = sent(RequestCategory.REFERRAL, null, "2026-06-01T09:01");
        revoked.revise(
                new ReferralDetails(
                        revoked.identifiers(),
                        RequestCategory.REFERRAL,
                        RequestStatus.REVOKED,
                        "Patient/p",
                        "Practitioner/gp",
                        "Organization/martini",
                        revoked.authoredOn(),
                        null,
                        null,
                        null),
                GP,
                at("2026-06-04T09:00"));

        assertEquals(Wait.State.DROPPED, rules.of(rejected).orElseThrow().state());
        assertEquals(Wait.State.DROPPED, rules.of(revoked).orElseThrow().state());
    }

    @Test
    void inpatientTreatmentHasItsOwnNorm() {
        Referral cabg = sent(RequestCategory.PROCEDURE, "cabg", "2026-01-05T11:00");
        cabg.recordTreatment(at("2026-02-14T08:00"), CARDIOLOGIST, at("2026-02-14T12:00"));
        Referral pci = sent(RequestCategory.PROCEDURE, "pci", "2026-01-05T11:00");
        pci.recordTreatment(at("2026-02-14T08:00"), CARDIOLOGIST, at("2026-02-14T12:00"));

        Wait inpatient = rules.of(cabg).orElseThrow();
        Wait day = rules.of(pci).orElseThrow();

        assertEquals(Measure.TREATMENT, inpatient.measure());
        assertEquals(40, inpatient.days());
        assertTrue(inpatient.inpatient());
        assertFalse(inpatient.withinTarget(), "5 weeks = 35 days");
        assertTrue(inpatient.withinMaximum(), "7 weeks = 49 days");
        assertFalse(day.inpatient());
        assertFalse(day.withinTarget(), "4 weeks = 28 days");
        assertTrue(day.withinMaximum(), "6 weeks = 42 days");
    }

    @Test
    void aConsultAnsweredByTheEndOfTheThirdWorkingDayIsWithinItsTarget() {
        // Asked on Friday 20 November; the 3rd working day after is Wednesday 25 November.
        Referral onTime = sent(RequestCategory.MEEKIJKCONSULT, null, "2026-11-20T10:00");
        onTime.recordAnswer(at("2026-11-25T23:00"), CARDIOLOGIST, at("2026-11-25T23:00"));
        Referral late = sent(RequestCategory.MEEKIJKCONSULT, null, "2026-11-20T10:01");
        late.recordAnswer(at("2026-11-26T08:00"), CARDIOLOGIST, at("2026-11-26T08:00"));

        assertEquals(5, rules.of(onTime).orElseThrow().days(), "calendar days, as for every measure");
        assertTrue(rules.of(onTime).orElseThrow().withinTarget());
        assertFalse(rules.of(late).orElseThrow().withinTarget());
    }

    @Test
    void diagnosticsEndWithTheReportAndABackReferralHasNoMeasure() {
        Referral echo = sent(RequestCategory.TELEDIAGNOSTICS, "echo", "2026-09-01T08:00");
        echo.recordReport(at("2026-09-29T15:00"), CARDIOLOGIST, at("2026-09-29T15:00"));

        assertEquals(Measure.DIAGNOSTICS, rules.of(echo).orElseThrow().measure());
        assertEquals(28, rules.of(echo).orElseThrow().days());
        assertFalse(rules.of(echo).orElseThrow().withinTarget());
        assertTrue(rules.of(echo).orElseThrow().withinMaximum());
        assertTrue(rules.of(sent(RequestCategory.BACK_REFERRAL, null, "2026-09-01T08:00"))
                .isEmpty());
    }

    @Test
    void aGpReferralHasALoopThatTheBackReferralToTheGpCloses() {
        Referral closed = gpReferral("2026-01-05T10:00");
        closed.recordVisit(at("2026-01-20T10:00"), CARDIOLOGIST, at("2026-01-20T10:00"));
        closed.recordLoopClosed(at("2026-02-14T15:00"), CARDIOLOGIST, at("2026-02-14T15:00"));
        Referral escalation = sent(RequestCategory.REFERRAL, "cabg", "2026-01-22T10:00", Optional.of(closed));
        escalation.recordLoopClosed(at("2026-03-01T10:00"), CARDIOLOGIST, at("2026-03-01T10:00"));
        Referral open = gpReferral("2026-01-06T10:00");
        move(open, TaskStatus.ACCEPTED, null, "2026-01-07T10:00");
        move(open, TaskStatus.IN_PROGRESS, null, "2026-01-20T10:00");
        move(open, TaskStatus.COMPLETED, null, "2026-02-01T10:00");
        Referral refused = gpReferral("2026-01-07T10:00");
        move(refused, TaskStatus.REJECTED, "not indicated", "2026-01-08T10:00");

        assertEquals(
                List.of(Measure.ACCESS, Measure.LOOP),
                rules.all(closed).stream().map(Wait::measure).toList());
        Wait loop = rules.loop(closed);
        assertEquals(Wait.State.ENDED, loop.state());
        assertEquals(40, loop.days(), "5 January to 14 February");
        assertNull(loop.withinTarget(), "a loop has no norm");
        assertEquals(
                List.of(Measure.ACCESS),
                rules.all(escalation).stream().map(Wait::measure).toList(),
                "a referral on from the hospital is not the GP's loop");
        assertEquals(
                Wait.State.WAITING,
                rules.loop(open).state(),
                "completed without a back-referral: the GP has no letter, the loop is open");
        assertEquals(Wait.State.DROPPED, rules.loop(refused).state());
    }

    @Test
    void aReferralGrownFromTheGpsMeekijkconsultStartsTheLoop() {
        Referral consult = sent(RequestCategory.MEEKIJKCONSULT, null, "2026-03-02T09:00");
        Referral referral =
                sent(RequestCategory.REFERRAL, "outpatient-cardiology", "2026-03-04T09:00", Optional.of(consult));
        referral.recordLoopClosed(at("2026-04-03T11:00"), CARDIOLOGIST, at("2026-04-03T11:00"));

        assertEquals(
                List.of(Measure.CONSULT_RESPONSE),
                rules.all(consult).stream().map(Wait::measure).toList(),
                "a consult has no loop");
        assertEquals(
                List.of(Measure.ACCESS, Measure.LOOP),
                rules.all(referral).stream().map(Wait::measure).toList());
        assertEquals(30, rules.loop(referral).days(), "from the referral (4 March), not the consult, to 3 April");
    }

    @Test
    void percentilesAreNearestRankOnSmallSets() {
        TreeMap<Integer, Long> one = new TreeMap<>(java.util.Map.of(7, 1L));
        assertEquals(7, WaitStatistics.percentile(one, 50));
        assertEquals(7, WaitStatistics.percentile(one, 90));
        // 3, 5, 8, 13, 21: p50 = rank ⌈2.5⌉ = 3rd = 8; p80 = rank 4 = 13; p90 = rank ⌈4.5⌉ = 5 = 21.
        TreeMap<Integer, Long> five = new TreeMap<>(java.util.Map.of(3, 1L, 5, 1L, 8, 1L, 13, 1L, 21, 1L));
        WaitStatistics statistics = WaitStatistics.of(five, 3, 4).orElseThrow();
        assertEquals(
                List.of(8, 13, 21, 21),
                List.of(statistics.p50(), statistics.p80(), statistics.p90(), statistics.max()));
        assertEquals(10.0, statistics.mean());
        assertEquals(0.6, statistics.shareWithinTarget());
        assertEquals(0.8, statistics.shareWithinMaximum());
        // Ten waits of which 8 are 4 days: p80 is exactly the 8th.
        TreeMap<Integer, Long> ten = new TreeMap<>(java.util.Map.of(4, 8L, 30, 2L));
        assertEquals(4, WaitStatistics.percentile(ten, 80));
        assertEquals(30, WaitStatistics.percentile(ten, 90));
        assertTrue(WaitStatistics.of(new TreeMap<>(), 0, 0).isEmpty());
    }
}
