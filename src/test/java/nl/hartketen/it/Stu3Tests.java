package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.dstu3.model.Annotation;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.DateTimeType;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.ReferralRequest;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The STU3 endpoint: an STU3 client and an R4 client see the same referrals, element by element; what one version
 * cannot carry is refused or reported, never dropped.
 */
abstract class Stu3Tests extends ContainerTest {

    private static final FhirContext STU3 = FhirContext.forDstu3();

    private IGenericClient stu3As(String token) {
        STU3.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = STU3.newRestfulGenericClient(fhirBase() + "/stu3");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    /** A referral as an STU3 GP system sends it. */
    private static ReferralRequest stu3Referral(Parties parties) {
        ReferralRequest referral = new ReferralRequest();
        referral.setStatus(ReferralRequest.ReferralRequestStatus.ACTIVE);
        referral.setIntent(ReferralRequest.ReferralCategory.ORDER);
        referral.setPriority(ReferralRequest.ReferralPriority.URGENT);
        referral.setType(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "referral", "Referral")));
        referral.addServiceRequested(
                new CodeableConcept(new Coding(SNOMED, "183519002", "Referral to cardiology service")));
        referral.setSubject(
                new Reference("Patient/" + parties.patient().getIdElement().getIdPart()));
        referral.getRequester()
                .setAgent(new Reference(
                        "Practitioner/" + parties.gp().getIdElement().getIdPart()));
        referral.addRecipient(new Reference(
                "Organization/" + parties.hospital().getIdElement().getIdPart()));
        referral.addReasonCode(new CodeableConcept(new Coding(SNOMED, "29857009", "Chest pain")));
        referral.addNote(new Annotation().setText("Pijn op de borst bij inspanning."));
        referral.setAuthoredOnElement(new DateTimeType("2026-11-20T10:15:00+01:00"));
        return referral;
    }

    @Test
    void aReferralSentAsStu3IsTheReferralAnR4ClientSees() {
        Parties parties = newParties();

        ReferralRequest sent = (ReferralRequest) stu3As(gpToken)
                .create()
                .resource(stu3Referral(parties))
                .execute()
                .getResource();

        ServiceRequest seen = hospital.read()
                .resource(ServiceRequest.class)
                .withId(sent.getIdElement().getIdPart())
                .execute();
        assertEquals(ServiceRequest.ServiceRequestStatus.ACTIVE, seen.getStatus());
        assertEquals(ServiceRequest.ServiceRequestIntent.ORDER, seen.getIntent());
        assertEquals(ServiceRequest.ServiceRequestPriority.URGENT, seen.getPriority());
        assertEquals("referral", seen.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals("183519002", seen.getCode().getCodingFirstRep().getCode());
        assertEquals(
                "Patient/" + parties.patient().getIdElement().getIdPart(),
                seen.getSubject().getReference());
        assertEquals(
                "Practitioner/" + parties.gp().getIdElement().getIdPart(),
                seen.getRequester().getReference());
        assertEquals(
                "Organization/" + parties.hospital().getIdElement().getIdPart(),
                seen.getPerformerFirstRep().getReference());
        assertEquals(
                "29857009", seen.getReasonCodeFirstRep().getCodingFirstRep().getCode());
        assertEquals("Pijn op de borst bij inspanning.", seen.getNoteFirstRep().getText());
        assertEquals("2026-11-20T10:15:00+01:00", seen.getAuthoredOnElement().getValueAsString());
        // The network's referral number, given by the server, is shown to the STU3 client as well.
        assertEquals(
                seen.getIdentifierFirstRep().getValue(),
                sent.getIdentifierFirstRep().getValue());
        // It entered the care chain like any referral: its Task waits at the hospital.
        Task task = taskOf(seen);
        assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
    }

    @Test
    void aReferralSentAsR4IsShownToAnStu3ClientAndFoundBySearch() {
        Parties parties = newParties();
        ServiceRequest r4 = referral(parties);
        r4.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
        r4.addNote().setText("Palpitaties, holter gewenst.");
        ServiceRequest sent =
                (ServiceRequest) fhir.create().resource(r4).execute().getResource();
        String id = sent.getIdElement().getIdPart();
        IGenericClient stu3Hospital = stu3As(hospitalToken);

        ReferralRequest shown =
                stu3Hospital.read().resource(ReferralRequest.class).withId(id).execute();

        assertEquals(ReferralRequest.ReferralRequestStatus.ACTIVE, shown.getStatus());
        assertEquals(ReferralRequest.ReferralCategory.ORDER, shown.getIntent());
        assertEquals(ReferralRequest.ReferralPriority.ROUTINE, shown.getPriority());
        assertEquals("referral", shown.getType().getCodingFirstRep().getCode());
        assertEquals(
                "183519002",
                shown.getServiceRequestedFirstRep().getCodingFirstRep().getCode());
        assertEquals(
                "Patient/" + parties.patient().getIdElement().getIdPart(),
                shown.getSubject().getReference());
        assertEquals(
                "Practitioner/" + parties.gp().getIdElement().getIdPart(),
                shown.getRequester().getAgent().getReference());
        assertEquals(
                "Organization/" + parties.hospital().getIdElement().getIdPart(),
                shown.getRecipientFirstRep().getReference());
        assertEquals(
                "29857009", shown.getReasonCodeFirstRep().getCodingFirstRep().getCode());
        assertEquals("Palpitaties, holter gewenst.", shown.getNoteFirstRep().getText());
        assertEquals(
                sent.getIdentifierFirstRep().getValue(),
                shown.getIdentifierFirstRep().getValue());
        assertEquals(
                sent.getAuthoredOnElement().getValueAsString(),
                shown.getAuthoredOnElement().getValueAsString());
        assertEquals(sent.getMeta().getVersionId(), shown.getIdElement().getVersionIdPart());

        String patient = "Patient/" + parties.patient().getIdElement().getIdPart();
        String recipient = "Organization/" + parties.hospital().getIdElement().getIdPart();
        assertEquals(
                List.of(id),
                idsOf(stu3Hospital
                        .search()
                        .byUrl("ReferralRequest?patient=" + patient)
                        .returnBundle(Bundle.class)
                        .execute()));
        assertEquals(
                List.of(id),
                idsOf(stu3Hospital
                        .search()
                        .byUrl("ReferralRequest?recipient=" + recipient + "&status=active")
                        .returnBundle(Bundle.class)
                        .execute()));
        assertEquals(
                List.of(),
                idsOf(stu3Hospital
                        .search()
                        .byUrl("ReferralRequest?recipient=" + recipient + "&status=cancelled,suspended")
                        .returnBundle(Bundle.class)
                        .execute()));
        // The STU3 read is in the audit trail like any other.
        org.hl7.fhir.r4.model.Bundle audit = admin.search()
                .byUrl("AuditEvent?patient=" + patient)
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute();
        assertTrue(
                audit.getEntry().stream()
                        .map(entry -> (AuditEvent) entry.getResource())
                        .anyMatch(event -> event.getAction() == AuditEvent.AuditEventAction.R
                                && event.getEntity().stream()
                                        .anyMatch(entity -> ("ServiceRequest/" + id)
                                                .equals(entity.getWhat().getReference()))),
                "the STU3 read is audited");
    }

    @Test
    void aGpActingForTheirPracticeIsTheirPractitionerRole() {
        Parties parties = newParties();
        org.hl7.fhir.r4.model.PractitionerRole role = new org.hl7.fhir.r4.model.PractitionerRole();
        role.setPractitioner(new org.hl7.fhir.r4.model.Reference(
                "Practitioner/" + gp.getIdElement().getIdPart()));
        role.setOrganization(new org.hl7.fhir.r4.model.Reference(
                "Organization/" + practice.getIdElement().getIdPart()));
        String roleId = admin.create()
                .resource(role)
                .execute()
                .getResource()
                .getIdElement()
                .getIdPart();
        ReferralRequest referral = stu3Referral(parties);
        referral.getRequester()
                .setOnBehalfOf(
                        new Reference("Organization/" + practice.getIdElement().getIdPart()));

        String id = stu3As(gpToken)
                .create()
                .resource(referral)
                .execute()
                .getResource()
                .getIdElement()
                .getIdPart();

        ServiceRequest seen =
                hospital.read().resource(ServiceRequest.class).withId(id).execute();
        assertEquals("PractitionerRole/" + roleId, seen.getRequester().getReference());
        ReferralRequest shown = stu3As(hospitalToken)
                .read()
                .resource(ReferralRequest.class)
                .withId(id)
                .execute();
        assertEquals(
                "Practitioner/" + gp.getIdElement().getIdPart(),
                shown.getRequester().getAgent().getReference());
        assertEquals(
                "Organization/" + practice.getIdElement().getIdPart(),
                shown.getRequester().getOnBehalfOf().getReference());
    }

    @Test
    void aConditionalCreateInStu3TermsFindsTheReferralAlreadySent() {
        Parties parties = newParties();
        ReferralRequest referral = stu3Referral(parties);
        String number = "ZD-" + unique();
        referral.addIdentifier()
                .setSystem("https://zorgdomein.example/referral")
                .setValue(number);
        String ifNoneExist = "ReferralRequest?identifier=https://zorgdomein.example/referral|" + number;

        ca.uhn.fhir.rest.api.MethodOutcome first = stu3As(gpToken)
                .create()
                .resource(referral)
                .conditionalByUrl(ifNoneExist)
                .execute();
        ca.uhn.fhir.rest.api.MethodOutcome again = stu3As(gpToken)
                .create()
                .resource(referral)
                .conditionalByUrl(ifNoneExist)
                .execute();

        assertTrue(Boolean.TRUE.equals(first.getCreated()));
        assertTrue(!Boolean.TRUE.equals(again.getCreated()), "the second send finds the first");
        assertEquals(first.getId().getIdPart(), again.getId().getIdPart());
        assertEquals(
                1,
                fhir.search()
                        .byUrl("ServiceRequest?identifier=https://zorgdomein.example/referral|" + number)
                        .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                        .execute()
                        .getTotal());
    }

    @Test
    void whatR4CannotCarryIsRefusedAndNothingIsStored() {
        Parties parties = newParties();
        ReferralRequest referral = stu3Referral(parties);
        referral.setDescription("Graag beoordeling");
        // The GP has no role at the hospital: there is no PractitionerRole to store this requester as.
        referral.getRequester()
                .setOnBehalfOf(new Reference(
                        "Organization/" + parties.hospital().getIdElement().getIdPart()));

        UnprocessableEntityException refused = expect(
                UnprocessableEntityException.class,
                () -> stu3As(gpToken).create().resource(referral).execute());

        OperationOutcome outcome = (OperationOutcome) refused.getOperationOutcome();
        assertEquals(
                List.of("ReferralRequest.requester.onBehalfOf", "ReferralRequest.description"),
                outcome.getIssue().stream()
                        .map(issue -> issue.getExpression().get(0).getValue())
                        .toList());
        assertEquals(
                0,
                fhir.search()
                        .byUrl("ServiceRequest?patient=Patient/"
                                + parties.patient().getIdElement().getIdPart())
                        .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                        .execute()
                        .getTotal());
    }

    @Test
    void anR4ReferralStu3CannotShowInFullIsNotShownHalf() throws Exception {
        Parties parties = newParties();
        ServiceRequest r4 = referral(parties);
        r4.addBodySite(new org.hl7.fhir.r4.model.CodeableConcept().setText("hart"));
        String id = fhir.create()
                .resource(r4)
                .execute()
                .getResource()
                .getIdElement()
                .getIdPart();
        IGenericClient stu3Gp = stu3As(gpToken);

        HttpResponse<String> read = send("GET", "/stu3/ReferralRequest/" + id, null, null);
        assertEquals(406, read.statusCode(), read.body());
        assertTrue(read.body().contains("ServiceRequest.bodySite cannot be shown in STU3"), read.body());

        Bundle found = stu3Gp.search()
                .byUrl("ReferralRequest?patient=Patient/"
                        + parties.patient().getIdElement().getIdPart())
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, found.getEntry().size());
        OperationOutcome outcome = (OperationOutcome) found.getEntryFirstRep().getResource();
        assertEquals(
                Bundle.SearchEntryMode.OUTCOME,
                found.getEntryFirstRep().getSearch().getMode());
        assertTrue(
                outcome.getIssueFirstRep().getDiagnostics().contains("ServiceRequest/" + id),
                outcome.getIssueFirstRep().getDiagnostics());
    }

    @Test
    void stu3InputIsParsedStrictlyAndSearchesOnlyWithKnownParameters() throws Exception {
        Parties parties = newParties();
        String body = STU3.newJsonParser().encodeResourceToString(stu3Referral(parties));
        String unknownElement = body.replaceFirst("\\{", "{\"refferal\":\"x\",");
        String duplicateKey = body.replaceFirst("\\{", "{\"status\":\"draft\",");

        for (String wrong : List.of(unknownElement, duplicateKey)) {
            HttpResponse<String> answer = send("POST", "/stu3/ReferralRequest", FHIR_JSON, wrong);
            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"resourceType\":\"OperationOutcome\""), answer.body());
        }
        HttpResponse<String> unknownParameter =
                send("GET", "/stu3/ReferralRequest?performer=Organization/1", null, null);
        assertEquals(400, unknownParameter.statusCode());
        assertTrue(unknownParameter.body().contains("recipient"), unknownParameter.body());
        assertEquals(
                200,
                sendAs(null, "GET", "/stu3/metadata", null, null).statusCode(),
                "the STU3 CapabilityStatement is public");
        assertEquals(
                401, sendAs(null, "GET", "/stu3/ReferralRequest", null, null).statusCode());
    }

    @Test
    void anotherPracticeCannotReadTheReferralThroughStu3() throws Exception {
        Parties parties = newParties();
        String id = stu3As(gpToken)
                .create()
                .resource(stu3Referral(parties))
                .execute()
                .getResource()
                .getIdElement()
                .getIdPart();
        org.hl7.fhir.r4.model.Organization otherPractice = newOrganization("Andere praktijk " + unique());
        String otherGp = Tokens.token("gp", "01" + unique(), ura(otherPractice));

        int status = sendAs(otherGp, "GET", "/stu3/ReferralRequest/" + id, null, null)
                .statusCode();

        assertTrue(status == 403 || status == 404, "status " + status);
    }

    private static List<String> idsOf(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(entry -> entry.getResource().getIdElement().getIdPart())
                .toList();
    }
}
