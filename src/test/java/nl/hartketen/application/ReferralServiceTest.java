package nl.hartketen.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.ReferralEvent;
import nl.hartketen.domain.referral.ReferralEventType;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.shared.StateConflict;
import nl.hartketen.testsupport.MiddleLayer;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The referral use cases with JPA (EclipseLink, resource-local) and JDBC in one transaction on the real schema: what
 * the domain decides is kept, found again by the database's queries, and undone with its transaction.
 */
class ReferralServiceTest {

    private static final String MARTINI = "Organization/martini";
    private static final Actor GP = new Actor("Practitioner/de-boer", "Organization/hap-de-linde", Role.GP);
    private static final Actor CARDIOLOGIST = new Actor(null, MARTINI, Role.CARDIOLOGIST);

    private static MiddleLayer layer;
    private static ReferralService referrals;

    @BeforeAll
    static void openTheDatabase() {
        layer = MiddleLayer.open();
        referrals = layer.referrals();
    }

    @AfterEach
    void undoChanges() {
        layer.rollback();
    }

    @AfterAll
    static void dropTheDatabase() {
        layer.close();
    }

    @Test
    void aSubmittedReferralIsKeptWithItsTaskAndItsWait() {
        ReferralService.Submission submission = submit("sr1", "HK-1", "t1");

        assertEquals(1, submission.request().version());
        assertEquals("Task/t1", submission.task().orElseThrow().reference());
        layer.commit();
        layer.rollback(); // forgets what JPA holds in memory: what follows is read from the database
        Referral kept = referrals.find("sr1").orElseThrow();
        assertEquals(List.of(new Identifier("urn:hartketen:referral", "HK-1")), kept.identifiers());
        assertEquals(MARTINI, kept.performer());
        assertEquals(TaskStatus.REQUESTED, kept.task().orElseThrow().status());
        assertTrue(kept.awaitsOutcome());
        assertEquals(
                List.of(ReferralEventType.SUBMITTED, ReferralEventType.TASK_CREATED),
                types(referrals.history("sr1").events()));
        assertEquals(0, referrals.keepMissingWaits(10), "its wait was kept with it");
        assertTrue(layer.resources().exists("Task", "t1"));
    }

    @Test
    void aSecondReferralWithTheSameNumberIsRefused() {
        submit("sr2", "HK-2", null);
        DuplicateReferral refused = assertThrows(DuplicateReferral.class, () -> submit("sr3", "HK-2", null));
        assertEquals(Optional.of("sr2"), refused.existingReferralId());
        layer.rollback();
        assertEquals(Optional.empty(), referrals.find("sr2"), "the referral went with its transaction");
        submit("sr3", "HK-2", null);
    }

    @Test
    void theTaskMovesAsThePerformerSaysAndAnIllegalMoveChangesNothing() {
        submit("sr4", "HK-4", "t4");
        layer.clock().advance(Duration.ofDays(1));
        StoredResource accepted = referrals.changeTask(
                new TaskChange(TaskStatus.ACCEPTED, null, null, null), task("t4", "sr4", "accepted"), 1L, CARDIOLOGIST);
        assertEquals(2, accepted.version());
        layer.commit();

        StateConflict refused = assertThrows(
                StateConflict.class,
                () -> referrals.changeTask(
                        new TaskChange(TaskStatus.DRAFT, null, null, null),
                        task("t4", "sr4", "draft"),
                        2L,
                        CARDIOLOGIST));
        assertTrue(
                refused.getMessage().startsWith("Task status cannot move from accepted to draft"),
                refused.getMessage());
        layer.rollback(); // as the container rolls back the request's transaction
        assertEquals(
                TaskStatus.ACCEPTED,
                referrals.find("sr4").orElseThrow().task().orElseThrow().status());
        assertEquals(2, layer.resources().read("Task", "t4").version());
        assertEquals(
                List.of(
                        ReferralEventType.SUBMITTED,
                        ReferralEventType.TASK_CREATED,
                        ReferralEventType.TASK_STATUS_CHANGED),
                types(referrals.history("sr4").events()));
    }

    @Test
    void aVisitEndsTheWaitForAccessAndIsKept() {
        submit("sr5", "HK-5", "t5");
        Instant seen = layer.clock().instant().plus(Duration.ofDays(12));
        layer.clock().set(seen.plus(Duration.ofHours(2)));
        referrals.recordVisit("sr5", seen, CARDIOLOGIST);
        layer.commit();
        layer.rollback();
        assertEquals(Optional.of(seen), referrals.find("sr5").orElseThrow().firstVisitAt());
        assertEquals(
                ReferralEventType.FIRST_VISIT,
                types(referrals.history("sr5").events()).get(2));
        assertThrows(ResourceNotFound.class, () -> referrals.recordVisit("nothing", seen, CARDIOLOGIST));
    }

    private static ReferralService.Submission submit(String id, String number, String taskId) {
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference("Patient/p1"));
        request.addPerformer(new Reference(MARTINI));
        request.addIdentifier().setSystem("urn:hartketen:referral").setValue(number);
        ReferralDetails details = new ReferralDetails(
                List.of(new Identifier("urn:hartketen:referral", number)),
                RequestCategory.REFERRAL,
                RequestStatus.ACTIVE,
                "Patient/p1",
                GP.practitioner(),
                MARTINI,
                layer.clock().instant(),
                "outpatient-consult",
                "routine",
                null);
        Optional<ReferralService.TaskOpening> opening = Optional.ofNullable(taskId)
                .map(task -> new ReferralService.TaskOpening(
                        new TaskChange(TaskStatus.REQUESTED, null, null, null), task(task, id, "requested")));
        return referrals.submit(details, layer.codec().encode(request, id), opening, GP);
    }

    private static ResourceContent task(String id, String request, String status) {
        Task task = new Task()
                .setStatus(Task.TaskStatus.fromCode(status))
                .setIntent(Task.TaskIntent.ORDER)
                .setFocus(new Reference("ServiceRequest/" + request))
                .setOwner(new Reference(MARTINI));
        return layer.codec().encode(task, id);
    }

    private static List<ReferralEventType> types(List<ReferralEvent> events) {
        return events.stream().map(ReferralEvent::type).toList();
    }
}
