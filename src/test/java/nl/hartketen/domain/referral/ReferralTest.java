package nl.hartketen.domain.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hartketen.domain.chain.ChainStep;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;
import org.junit.jupiter.api.Test;

class ReferralTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Actor GP = new Actor("Practitioner/gp", "Organization/practice", Role.GP);
    private static final Actor CARDIOLOGIST = new Actor("Practitioner/card", "Organization/martini", Role.CARDIOLOGIST);
    private static final Identifier NUMBER = new Identifier(ReferralNumber.SYSTEM, "HK-0000-0001");

    private static ReferralDetails details() {
        return new ReferralDetails(
                List.of(NUMBER),
                RequestCategory.REFERRAL,
                RequestStatus.ACTIVE,
                "Patient/p",
                "Practitioner/gp",
                "Organization/martini",
                T0,
                null,
                null,
                null);
    }

    private static Referral submittedWithTask() {
        Referral referral = Referral.submit("sr-1", details(), Optional.empty(), GP, T0);
        referral.openTask("task-1", new TaskChange(null, null, null, null), GP, T0);
        return referral;
    }

    private static void move(Referral referral, TaskStatus status, String reason, Instant at) {
        referral.changeTask(new TaskChange(status, reason, null, null), CARDIOLOGIST, at);
    }

    @Test
    void aSubmittedReferralOpensARequestedTaskOwnedByItsPerformer() {
        Referral referral = submittedWithTask();
        ReferralTask task = referral.task().orElseThrow();
        assertEquals(TaskStatus.REQUESTED, task.status());
        assertEquals("Organization/martini", task.owner());
        assertEquals(
                List.of(ReferralEventType.SUBMITTED, ReferralEventType.TASK_CREATED),
                referral.events().stream().map(ReferralEvent::type).toList());
    }

    @Test
    void aReferralNeedsAnIdentifierAPatientAndAPerformer() {
        ReferralDetails noIdentifier = new ReferralDetails(
                List.of(), RequestCategory.REFERRAL, null, "Patient/p", null, "Organization/o", null, null, null, null);
        assertEquals(
                "ServiceRequest.identifier",
                assertThrows(RuleViolation.class, () -> Referral.submit("x", noIdentifier, Optional.empty(), GP, T0))
                        .location());
        ReferralDetails noPerformer = new ReferralDetails(
                List.of(NUMBER), RequestCategory.REFERRAL, null, "Patient/p", null, null, null, null, null, null);
        assertEquals(
                "ServiceRequest.performer",
                assertThrows(RuleViolation.class, () -> Referral.submit("x", noPerformer, Optional.empty(), GP, T0))
                        .location());
        ReferralDetails revoked = new ReferralDetails(
                List.of(NUMBER),
                RequestCategory.REFERRAL,
                RequestStatus.REVOKED,
                "Patient/p",
                null,
                "Organization/o",
                null,
                null,
                null,
                null);
        assertThrows(RuleViolation.class, () -> Referral.submit("x", revoked, Optional.empty(), GP, T0));
    }

    @Test
    void theHappyPathIsKeptAsEventsWithTheirTimes() {
        Referral referral = submittedWithTask();
        move(referral, TaskStatus.RECEIVED, null, T0.plusSeconds(60));
        move(referral, TaskStatus.ACCEPTED, null, T0.plusSeconds(3600));
        move(referral, TaskStatus.IN_PROGRESS, null, T0.plusSeconds(86_400));
        move(referral, TaskStatus.COMPLETED, null, T0.plusSeconds(864_000));

        List<ReferralEvent> events = referral.events();
        assertEquals(6, events.size());
        ReferralEvent accepted = events.get(3);
        assertEquals("RECEIVED", accepted.fromStatus());
        assertEquals("ACCEPTED", accepted.toStatus());
        assertEquals(T0.plusSeconds(3600), accepted.occurredAt());
        assertEquals(Role.CARDIOLOGIST, accepted.actor().role());
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6),
                events.stream().map(ReferralEvent::sequence).toList());
    }

    @Test
    void illegalMovesAreRefusedWithTheAllowedOnes() {
        Referral referral = submittedWithTask();
        StateConflict refused = assertThrows(StateConflict.class, () -> move(referral, TaskStatus.COMPLETED, null, T0));
        assertTrue(refused.getMessage().contains("from requested to completed"), refused.getMessage());
        assertTrue(refused.getMessage().contains("accepted"), refused.getMessage());
        assertEquals(TaskStatus.REQUESTED, referral.task().orElseThrow().status());
        assertEquals(2, referral.events().size(), "a refused move leaves no event");
    }

    @Test
    void finalStatusesAreFinal() {
        Referral referral = submittedWithTask();
        move(referral, TaskStatus.CANCELLED, "patient overleden", T0);
        StateConflict refused = assertThrows(StateConflict.class, () -> move(referral, TaskStatus.ACCEPTED, null, T0));
        assertTrue(refused.getMessage().contains("cancelled is final"), refused.getMessage());
    }

    @Test
    void aRejectionNeedsAReason() {
        Referral referral = submittedWithTask();
        RuleViolation refused = assertThrows(RuleViolation.class, () -> move(referral, TaskStatus.REJECTED, " ", T0));
        assertEquals("Task.statusReason", refused.location());
        move(referral, TaskStatus.REJECTED, "Geen indicatie", T0);
        assertEquals("Geen indicatie", referral.task().orElseThrow().statusReason());
    }

    @Test
    void onHoldResumesToTheStatusItCameFrom() {
        Referral referral = submittedWithTask();
        move(referral, TaskStatus.ACCEPTED, null, T0);
        move(referral, TaskStatus.ON_HOLD, "patient wil uitstellen", T0);
        assertThrows(StateConflict.class, () -> move(referral, TaskStatus.RECEIVED, null, T0));
        assertThrows(StateConflict.class, () -> move(referral, TaskStatus.COMPLETED, null, T0));
        move(referral, TaskStatus.ACCEPTED, null, T0);
        assertEquals(TaskStatus.ACCEPTED, referral.task().orElseThrow().status());
    }

    @Test
    void businessStatusChangesAreEventsToo() {
        Referral referral = submittedWithTask();
        referral.changeTask(new TaskChange(null, null, "appointment-scheduled", null), CARDIOLOGIST, T0);
        ReferralEvent last = referral.events().get(referral.events().size() - 1);
        assertEquals(ReferralEventType.BUSINESS_STATUS_CHANGED, last.type());
        assertEquals("appointment-scheduled", last.toStatus());
    }

    @Test
    void aStepMovesAlongItsPathKeepingEveryMoveThenShowsItsBusinessStatus() {
        Referral referral = submittedWithTask();

        assertTrue(referral.takeStep(ChainStep.REFERRED_BACK, CARDIOLOGIST, T0));

        assertEquals(TaskStatus.COMPLETED, referral.task().orElseThrow().status());
        assertEquals("referred-back", referral.task().orElseThrow().businessStatus());
        assertFalse(referral.awaitsOutcome());
        List<String> moves = referral.events().stream()
                .skip(2)
                .map(event -> event.type() + " " + event.toStatus())
                .toList();
        assertEquals(
                List.of(
                        "TASK_STATUS_CHANGED ACCEPTED",
                        "TASK_STATUS_CHANGED IN_PROGRESS",
                        "TASK_STATUS_CHANGED COMPLETED",
                        "BUSINESS_STATUS_CHANGED referred-back"),
                moves);
    }

    @Test
    void aStepGoesOnlyAsFarAsTheStateMachineAllowsAndTwiceChangesNothing() {
        Referral referral = submittedWithTask();
        move(referral, TaskStatus.ON_HOLD, "patient-request", T0);

        assertTrue(referral.takeStep(ChainStep.SEEN, CARDIOLOGIST, T0), "the business status changes");
        assertEquals(TaskStatus.ON_HOLD, referral.task().orElseThrow().status(), "a held task is not moved on");
        assertEquals("patient-request", referral.task().orElseThrow().statusReason());
        int events = referral.events().size();

        assertFalse(referral.takeStep(ChainStep.SEEN, CARDIOLOGIST, T0));
        assertEquals(events, referral.events().size());
    }

    @Test
    void aTaskCannotChangeOwnerAndOnlyOneTaskIsOpened() {
        Referral referral = submittedWithTask();
        assertThrows(
                RuleViolation.class,
                () -> referral.changeTask(new TaskChange(null, null, null, "Organization/umcg"), CARDIOLOGIST, T0));
        assertThrows(
                StateConflict.class, () -> referral.openTask("task-2", new TaskChange(null, null, null, null), GP, T0));
        Referral other = Referral.submit("sr-2", details(), Optional.empty(), GP, T0);
        assertThrows(
                RuleViolation.class,
                () -> other.openTask("t", new TaskChange(TaskStatus.ACCEPTED, null, null, null), GP, T0));
        assertThrows(
                RuleViolation.class,
                () -> other.openTask("t", new TaskChange(null, null, null, "Organization/umcg"), GP, T0));
    }

    @Test
    void theSenderMayRevokeButNotRedirectOrChangeThePatient() {
        Referral referral = submittedWithTask();
        ReferralDetails otherPatient = new ReferralDetails(
                List.of(NUMBER),
                RequestCategory.REFERRAL,
                RequestStatus.ACTIVE,
                "Patient/q",
                "Practitioner/gp",
                "Organization/martini",
                T0,
                null,
                null,
                null);
        assertEquals(
                "ServiceRequest.subject",
                assertThrows(RuleViolation.class, () -> referral.revise(otherPatient, GP, T0))
                        .location());
        ReferralDetails redirected = new ReferralDetails(
                List.of(NUMBER),
                RequestCategory.REFERRAL,
                RequestStatus.ACTIVE,
                "Patient/p",
                "Practitioner/gp",
                "Organization/umcg",
                T0,
                null,
                null,
                null);
        assertEquals(
                "ServiceRequest.performer",
                assertThrows(RuleViolation.class, () -> referral.revise(redirected, GP, T0))
                        .location());

        ReferralDetails revoked = new ReferralDetails(
                List.of(NUMBER),
                RequestCategory.REFERRAL,
                RequestStatus.REVOKED,
                "Patient/p",
                "Practitioner/gp",
                "Organization/martini",
                T0,
                null,
                null,
                null);
        referral.revise(revoked, GP, T0);
        assertEquals(RequestStatus.REVOKED, referral.status());
        assertThrows(StateConflict.class, () -> referral.revise(details(), GP, T0));
    }

    @Test
    void aReferralAwaitsItsOutcomeFromTaskToOutcomeAndNotWhenRevoked() {
        Referral referral = Referral.submit("sr-1", details(), Optional.empty(), GP, T0);
        assertFalse(referral.awaitsOutcome(), "no task yet: nobody owes an outcome");
        referral.openTask("task-1", new TaskChange(null, null, null, null), GP, T0);
        assertTrue(referral.awaitsOutcome());
        move(referral, TaskStatus.ACCEPTED, null, T0);
        move(referral, TaskStatus.ON_HOLD, "patient on holiday", T0);
        assertTrue(referral.awaitsOutcome(), "on hold still owes an outcome");
        move(referral, TaskStatus.ACCEPTED, null, T0);
        move(referral, TaskStatus.IN_PROGRESS, null, T0);
        move(referral, TaskStatus.COMPLETED, null, T0);
        assertFalse(referral.awaitsOutcome());

        Referral rejected = submittedWithTask();
        move(rejected, TaskStatus.REJECTED, "not cardiac", T0);
        assertFalse(rejected.awaitsOutcome());

        Referral revoked = submittedWithTask();
        revoked.revise(
                new ReferralDetails(
                        List.of(NUMBER),
                        RequestCategory.REFERRAL,
                        RequestStatus.REVOKED,
                        "Patient/p",
                        "Practitioner/gp",
                        "Organization/martini",
                        T0,
                        null,
                        null,
                        null),
                GP,
                T0);
        assertFalse(revoked.awaitsOutcome(), "a revoked request is owed nothing, whatever its task says");
    }
}
