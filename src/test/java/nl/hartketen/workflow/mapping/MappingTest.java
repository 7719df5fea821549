package nl.hartketen.workflow.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Date;
import java.util.List;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MappingTest {

    private static ServiceRequest request() {
        ServiceRequest request = new ServiceRequest();
        request.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue("42"));
        request.addIdentifier(new Identifier().setValue("no-system"));
        request.setStatus(ServiceRequest.ServiceRequestStatus.ONHOLD);
        request.addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "3457005", null)));
        request.setSubject(new Reference("http://elsewhere.example/fhir/Patient/p1/_history/3"));
        request.setRequester(new Reference("Practitioner/gp"));
        request.addPerformer(new Reference("Organization/martini"));
        request.setPriority(ServiceRequest.ServiceRequestPriority.URGENT);
        request.setAuthoredOn(new Date(0));
        return request;
    }

    @Test
    void aServiceRequestBecomesTheReferralsDetails() {
        ReferralDetails details = ServiceRequestMapping.toDetails(request());
        assertEquals(
                List.of(new nl.hartketen.domain.shared.Identifier("https://gp.example/referrals", "42")),
                details.identifiers(),
                "identifiers without a system cannot be unique in the network and are not business identifiers");
        assertEquals(RequestCategory.REFERRAL, details.category(), "SNOMED 3457005 is a referral");
        assertEquals(RequestStatus.ON_HOLD, details.status());
        assertEquals("Patient/p1", details.subject());
        assertEquals("Organization/martini", details.performer());
        assertEquals(0L, details.authoredOn().toEpochMilli());
    }

    @Test
    void ourCategoriesAreReadAndUnknownOnesAreNot() {
        for (RequestCategory category : RequestCategory.values()) {
            assertEquals(
                    category,
                    ServiceRequestMapping.category(List.of(new CodeableConcept(
                            new Coding(ServiceRequestMapping.CATEGORY_SYSTEM, category.code(), null)))));
        }
        assertNull(ServiceRequestMapping.category(
                List.of(new CodeableConcept(new Coding(ServiceRequestMapping.CATEGORY_SYSTEM, "x", null)))));
    }

    @ParameterizedTest
    @EnumSource(value = Task.TaskStatus.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
    void everyTaskStatusMapsOntoTheDomainByName(Task.TaskStatus fhirStatus) {
        TaskStatus mapped = TaskMapping.status(fhirStatus);
        assertEquals(fhirStatus.toCode(), mapped.name().toLowerCase().replace('_', '-'));
    }

    @ParameterizedTest
    @EnumSource(value = ServiceRequest.ServiceRequestStatus.class, names = "NULL", mode = EnumSource.Mode.EXCLUDE)
    void everyRequestStatusMapsOntoTheDomainByName(ServiceRequest.ServiceRequestStatus fhirStatus) {
        assertEquals(
                fhirStatus.toCode(),
                ServiceRequestMapping.status(fhirStatus).name().toLowerCase().replace('_', '-'));
    }

    @Test
    void theOpeningTaskIsRequestedOwnedByThePerformerForThePatient() {
        Task task = TaskMapping.newTaskFor(request(), "ServiceRequest/sr1", new Date(0));
        assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
        assertEquals(Task.TaskIntent.ORDER, task.getIntent());
        assertEquals("ServiceRequest/sr1", task.getFocus().getReference());
        assertEquals("Organization/martini", task.getOwner().getReference());
        assertEquals("Practitioner/gp", task.getRequester().getReference());
        assertEquals(Task.TaskPriority.URGENT, task.getPriority());
    }

    @Test
    void aTaskUpdateBecomesAChange() {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REJECTED);
        task.setStatusReason(new CodeableConcept(new Coding("https://x.example", "no-indication", "Geen indicatie")));
        task.setBusinessStatus(new CodeableConcept().setText("besproken in MDO"));
        task.setOwner(new Reference("Organization/martini"));
        assertEquals(
                new TaskChange(TaskStatus.REJECTED, "Geen indicatie", "besproken in MDO", "Organization/martini"),
                TaskMapping.toChange(task));
    }
}
