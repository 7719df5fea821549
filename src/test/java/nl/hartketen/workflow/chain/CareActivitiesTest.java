package nl.hartketen.workflow.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.figures.ActivityQueries;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.testsupport.WritePipeline;
import nl.hartketen.workflow.resource.ClasspathFiles;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The counted acts of care as the write pipeline keeps them (real writer, handlers, chain and database), on the shipped
 * HartNet network in 2017, a year no other test writes: contacts by their kind, forgotten when no longer fulfilled, a
 * kind not known refused; treatments at the Martini (its own patient) and at the UMCG (referred on by the Martini).
 */
class CareActivitiesTest {

    private static final WritePipeline PIPELINE = WritePipeline.shared();
    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";

    @BeforeAll
    static void hartNet() {
        if (!PIPELINE.resources().exists("Organization", "hartnet")) {
            Bundle network = (Bundle) parse(ClasspathFiles.read("networks/hartnet-noord-nederland.json"));
            PIPELINE.inTransaction(
                    () -> PIPELINE.bean(TransactionProcessor.class).process(network, Caller.system()));
        }
    }

    @Test
    void aFulfilledAppointmentIsAContactOfItsKindUntilItIsNoLonger() {
        String referral = request("referral", "hap-de-linde", "martini", "outpatient-cardiology", null, "2017-03-01");
        create(appointment(referral, null, "2017-03-10"));
        String video = create(appointment(referral, "video", "2017-03-20"));

        assertEquals(
                List.of("CONTACT physical false", "CONTACT video false"), acts("martini", "2017-03-01", "2017-03-31"));

        Appointment corrected = (Appointment) parse(appointment(referral, "video", "2017-03-20"));
        corrected.setStatus(Appointment.AppointmentStatus.ENTEREDINERROR);
        PIPELINE.inTransaction(() -> PIPELINE.writer()
                .update(video.substring("Appointment/".length()), corrected, null, false, Caller.system()));
        assertEquals(List.of("CONTACT physical false"), acts("martini", "2017-03-01", "2017-03-31"));

        UnprocessableEntityException unknown = assertThrows(
                UnprocessableEntityException.class,
                () -> create(appointment(referral, "carrier-pigeon", "2017-03-21")),
                "the validator knows the CodeSystem");
        assertTrue(unknown.getMessage().contains("carrier-pigeon"), unknown.getMessage());
        RuleViolation telemonitoring =
                assertThrows(RuleViolation.class, () -> create(appointment(referral, "telemonitoring", "2017-03-21")));
        assertEquals("Appointment.appointmentType", telemonitoring.location());
        assertEquals(List.of("CONTACT physical false"), acts("martini", "2017-03-01", "2017-03-31"));
    }

    @Test
    void aTreatmentCountsAtItsPerformerOwnOrReferredOnByAnotherHospital() {
        String referral = request("referral", "hap-de-linde", "martini", "outpatient-cardiology", null, "2017-04-03");
        create(appointment(referral, null, "2017-04-10"));
        treat("martini", request("procedure", "martini", "martini", "pci", referral, "2017-04-11"), "2017-04-20");
        String escalation = request("referral", "martini", "umcg", "cabg", referral, "2017-04-21");
        treat("umcg", request("procedure", "umcg", "umcg", "cabg", escalation, "2017-05-01"), "2017-05-15");

        assertEquals(List.of("PROCEDURE pci false"), acts("martini", "2017-04-20", "2017-04-20"));
        assertEquals(List.of("PROCEDURE cabg true"), acts("umcg", "2017-05-01", "2017-05-31"));
    }

    /** The acts of a hospital in a period as "KIND code referred", sorted. */
    private static List<String> acts(String hospital, String from, String to) {
        return PIPELINE
                .bean(ActivityQueries.class)
                .counts(List.of("Organization/" + hospital), LocalDate.parse(from), LocalDate.parse(to))
                .stream()
                .flatMap(count -> java.util.stream.Stream.generate(
                                () -> count.kind() + " " + count.code() + " " + count.referred())
                        .limit(count.count()))
                .sorted()
                .toList();
    }

    private static String request(
            String category, String from, String to, String service, String basedOn, String authored) {
        String patient = basedOn == null ? patient() : subjectOf(basedOn);
        return create("""
                {"resourceType": "ServiceRequest", "status": "active", "intent": "order",
                 "category": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/request-category", "code": "%s"}]}],
                 "code": {"coding": [{"system": "%s", "code": "%s"}]},
                 "subject": {"reference": "%s"},
                 "requester": {"reference": "Organization/%s"},
                 "performer": [{"reference": "Organization/%s"}],
                 %s
                 "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "29857009", "display": "Chest pain"}]}],
                 "authoredOn": "%sT09:00:00+01:00"}
                """.formatted(
                        category,
                        SERVICE,
                        service,
                        patient,
                        from,
                        to,
                        basedOn == null ? "" : "\"basedOn\": [{\"reference\": \"" + basedOn + "\"}],",
                        authored));
    }

    private static void treat(String hospital, String decision, String performed) {
        create("""
                {"resourceType": "Procedure", "status": "completed",
                 "subject": {"reference": "%s"}, "basedOn": [{"reference": "%s"}],
                 "performedDateTime": "%sT10:00:00+01:00"}
                """.formatted(subjectOf(decision), decision, performed));
    }

    private static String appointment(String referral, String kind, String day) {
        return """
                {"resourceType": "Appointment", "status": "fulfilled", %s
                 "basedOn": [{"reference": "%s"}],
                 "start": "%sT09:00:00+01:00", "end": "%sT09:20:00+01:00",
                 "participant": [{"actor": {"reference": "%s"}, "status": "accepted"}]}
                """.formatted(
                        kind == null
                                ? ""
                                : "\"appointmentType\": {\"coding\": [{\"system\":"
                                        + " \"https://hartketen.nl/fhir/CodeSystem/contact-kind\", \"code\": \"" + kind
                                        + "\"}]},",
                        referral,
                        day,
                        day,
                        subjectOf(referral));
    }

    private static String patient() {
        return create("""
                {"resourceType": "Patient",
                 "identifier": [{"system": "https://test.example/patient", "value": "%s"}],
                 "name": [{"family": "Telling"}],
                 "generalPractitioner": [{"reference": "Organization/hap-de-linde"}]}
                """.formatted(UUID.randomUUID()));
    }

    private static String subjectOf(String request) {
        org.hl7.fhir.r4.model.ServiceRequest stored = (org.hl7.fhir.r4.model.ServiceRequest) PIPELINE.bean(
                        nl.hartketen.workflow.resource.ResourceCodec.class)
                .decode(PIPELINE.resources().read("ServiceRequest", request.substring("ServiceRequest/".length())));
        return stored.getSubject().getReference();
    }

    private static String create(String json) {
        Resource resource = parse(json);
        return PIPELINE.inTransaction(() -> PIPELINE.writer().create(resource, null, false, Caller.system()))
                .reference();
    }

    private static Resource parse(String json) {
        return (Resource) PIPELINE.bean(FhirContext.class).newJsonParser().parseResource(json);
    }
}
