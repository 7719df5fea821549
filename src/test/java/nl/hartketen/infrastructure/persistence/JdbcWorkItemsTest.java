package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.worklist.Turn;
import nl.hartketen.application.worklist.WorkItems;
import nl.hartketen.domain.consult.ConsultStep;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.waiting.Wait;
import nl.hartketen.testsupport.MiddleLayer;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The work items follow every change of a request (ReferralService), and each list range reads as its contract says. */
class JdbcWorkItemsTest {

    private static final String MARTINI = "Organization/martini";
    private static final String PRACTICE = "Organization/hap-de-linde";
    private static final Actor GP = new Actor("Practitioner/de-boer", PRACTICE, Role.GP);
    private static final Actor CARDIOLOGIST = new Actor(null, MARTINI, Role.CARDIOLOGIST);

    private MiddleLayer layer;
    private ReferralService referrals;
    private WorkItems items;
    private int numbers;

    @BeforeEach
    void open() {
        layer = MiddleLayer.open();
        referrals = layer.referrals();
        items = new JdbcWorkItems(layer.database());
    }

    @AfterEach
    void close() {
        layer.close();
    }

    @Test
    void anItemFollowsItsRequestFromTurnToTurnUntilItCloses() {
        submit("r1", RequestCategory.REFERRAL, "urgent");
        WorkItems.Listed listed = only(items.performedBy(MARTINI, Turn.PERFORMER, RequestCategory.REFERRAL, 10));
        assertEquals("r1", listed.item().requestId());
        assertEquals("t-r1", listed.item().taskId());
        assertEquals(PRACTICE, listed.item().sender(), "the sender kept on the referral");
        assertEquals("urgent", listed.item().priority());
        assertEquals(Wait.State.WAITING, listed.waited().orElseThrow().state(), "its access wait");
        assertEquals(
                "r1", only(items.sentBy(PRACTICE, Turn.PERFORMER, 10)).item().requestId());

        changeTask("r1", TaskStatus.ACCEPTED, "appointment-scheduled");
        assertTrue(items.performedBy(MARTINI, Turn.PERFORMER, RequestCategory.REFERRAL, 10)
                .isEmpty());
        assertEquals(
                "appointment-scheduled",
                only(items.sentBy(PRACTICE, Turn.IN_HAND, 10)).item().businessStatus());

        submit("r2", RequestCategory.REFERRAL, null);
        changeTask("r2", TaskStatus.REJECTED, null);
        assertEquals(
                TaskStatus.REJECTED,
                only(items.sentBy(PRACTICE, Turn.SENDER, 10)).item().taskStatus());

        changeTask("r1", TaskStatus.CANCELLED, null);
        assertTrue(items.sentBy(PRACTICE, Turn.IN_HAND, 10).isEmpty(), "a closed request is on no list");
    }

    @Test
    void aConsultIsTheGpsTurnOnceAnswered() {
        submit("c1", RequestCategory.MEEKIJKCONSULT, null);
        assertEquals(
                "c1",
                only(items.performedBy(MARTINI, Turn.PERFORMER, RequestCategory.MEEKIJKCONSULT, 10))
                        .item()
                        .requestId());
        referrals.takeStep(
                "c1", ConsultStep.ANSWERED, false, task -> task("c1", "in-progress", "answered"), CARDIOLOGIST);
        assertEquals(
                "answered", only(items.sentBy(PRACTICE, Turn.SENDER, 10)).item().businessStatus());
    }

    @Test
    void eachPriorityIsReadOldestFirstUpToTheLimit() {
        for (String priority : new String[] {"routine", "stat", "routine", null, "stat", "routine"}) {
            layer.clock().advance(Duration.ofHours(1));
            submit("r" + numbers, RequestCategory.REFERRAL, priority);
        }
        List<String> read = items.performedBy(MARTINI, Turn.PERFORMER, RequestCategory.REFERRAL, 2).stream()
                .map(listed -> listed.item().requestId())
                .toList();
        assertEquals(List.of("r1", "r4", "r0", "r2", "r3"), read, "stat, then routine, then none; two of each");
        assertEquals(
                List.of("r0", "r1"),
                items.sentBy(PRACTICE, Turn.PERFORMER, 2).stream()
                        .map(listed -> listed.item().requestId())
                        .toList());
    }

    private static WorkItems.Listed only(List<WorkItems.Listed> listed) {
        assertEquals(1, listed.size(), listed.toString());
        return listed.get(0);
    }

    private void submit(String id, RequestCategory category, String priority) {
        String number = "HK-" + numbers++;
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference("Patient/p1"));
        ReferralDetails details = new ReferralDetails(
                        List.of(new Identifier("urn:hartketen:referral", number)),
                        category,
                        RequestStatus.ACTIVE,
                        "Patient/p1",
                        GP.practitioner(),
                        MARTINI,
                        layer.clock().instant(),
                        "outpatient-consult",
                        priority,
                        null)
                .sentBy(PRACTICE);
        referrals.submit(
                details,
                layer.codec().encode(request, id),
                Optional.of(new ReferralService.TaskOpening(
                        new TaskChange(TaskStatus.REQUESTED, null, null, null), task(id, "requested", null))),
                GP);
    }

    private void changeTask(String referral, TaskStatus status, String businessStatus) {
        referrals.changeTask(
                new TaskChange(status, status == TaskStatus.REJECTED ? "no capacity" : null, businessStatus, null),
                task(referral, status.name().toLowerCase().replace('_', '-'), businessStatus),
                null,
                CARDIOLOGIST);
    }

    private ResourceContent task(String request, String status, String businessStatus) {
        Task task = new Task()
                .setStatus(Task.TaskStatus.fromCode(status))
                .setIntent(Task.TaskIntent.ORDER)
                .setFocus(new Reference("ServiceRequest/" + request))
                .setOwner(new Reference(MARTINI));
        if (businessStatus != null) {
            task.getBusinessStatus().setText(businessStatus);
        }
        return layer.codec().encode(task, "t-" + request);
    }
}
