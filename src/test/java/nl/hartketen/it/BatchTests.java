package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * Batch Bundles at the base URL: each entry has its own outcome, in order; a bad or refused entry fails alone and the
 * others are stored; a resend of conditional creates stores nothing twice; a Bundle over the entry limit is refused
 * whole. Each entry is audited as the same request on its own would be.
 */
abstract class BatchTests extends ContainerTest {

    private static final String PATIENT_IDS = "https://test.example/patient";

    @Test
    void anAllGoodBatchStoresEveryEntryAndAuditsEachWrite() throws Exception {
        CapabilityStatement capabilities =
                fhir.capabilities().ofType(CapabilityStatement.class).execute();
        assertTrue(
                capabilities.getRestFirstRep().getInteraction().stream()
                        .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH),
                "batch is declared beside transaction");
        Sender sender = newSender();
        Bundle batch = batch(patient("Batch" + unique()), patient("Batch" + unique()), patient("Batch" + unique()));

        Bundle response = post(sender, batch);

        assertEquals(Bundle.BundleType.BATCHRESPONSE, response.getType());
        assertEquals(3, response.getEntry().size());
        for (Bundle.BundleEntryComponent entry : response.getEntry()) {
            Bundle.BundleEntryResponseComponent answer = entry.getResponse();
            assertStatus("201 Created", entry);
            assertTrue(answer.getLocation().matches("Patient/[^/]+/_history/1"), answer.getLocation());
            assertEquals("W/\"1\"", answer.getEtag());
            assertTrue(answer.hasLastModified());
            fhir.read().resource(Patient.class).withUrl(answer.getLocation()).execute();
        }
        List<AuditEvent> audited = auditOf(sender);
        assertEquals(3, audited.size(), "one entry per stored entry, none for the Bundle");
        audited.forEach(event -> {
            assertEquals("create", event.getSubtypeFirstRep().getCode());
            assertEquals("0", event.getOutcome().toCode());
        });
    }

    @Test
    void aBadEntryFailsAloneWithTheOutcomeItWouldGetOnItsOwn() throws Exception {
        Sender sender = newSender();
        Patient wrongBsn = patient("Elfproef" + unique());
        wrongBsn.setIdentifier(List.of(new Identifier().setSystem(BSN).setValue("123456789")));
        String family = "Goed" + unique();
        Bundle batch = batch(patient(family), wrongBsn, patient(family));

        Bundle response = post(sender, batch);

        assertStatus("201 Created", response.getEntry().get(0));
        assertStatus("422 Unprocessable Entity", response.getEntry().get(1));
        assertStatus("201 Created", response.getEntry().get(2));
        OperationOutcome outcome =
                (OperationOutcome) response.getEntry().get(1).getResponse().getOutcome();
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("11-proef"), diagnostics(outcome));
        assertEquals(
                "Bundle.entry[1].resource.Patient.identifier[0].value",
                outcome.getIssueFirstRep().getExpression().get(0).getValue());
        assertEquals(2, search("Patient?family=" + family).size(), "the good entries are stored");
        List<AuditEvent> audited = auditOf(sender);
        assertEquals(3, audited.size(), "one entry per entry");
        assertEquals(
                List.of("0", "0", "4"),
                audited.stream().map(e -> e.getOutcome().toCode()).sorted().toList());
    }

    @Test
    void aResentBatchOfConditionalCreatesStoresNothingTwice() throws Exception {
        Sender sender = newSender();
        String first = unique();
        String second = unique();
        Bundle batch = batch(patient("Meting" + unique()), patient("Meting" + unique()));
        for (String value : List.of(first, second)) {
            int i = value.equals(first) ? 0 : 1;
            Bundle.BundleEntryComponent entry = batch.getEntry().get(i);
            ((Patient) entry.getResource())
                    .addIdentifier(new Identifier().setSystem(PATIENT_IDS).setValue(value));
            entry.getRequest().setIfNoneExist("identifier=" + PATIENT_IDS + "|" + value);
        }

        Bundle created = post(sender, batch);
        Bundle resent = post(sender, batch);

        for (int i = 0; i < 2; i++) {
            assertStatus("201 Created", created.getEntry().get(i));
            assertStatus("200 OK", resent.getEntry().get(i));
            assertEquals(
                    created.getEntry().get(i).getResponse().getLocation(),
                    resent.getEntry().get(i).getResponse().getLocation());
        }
        assertEquals(
                1, search("Patient?identifier=" + PATIENT_IDS + "|" + first).size());
        assertEquals(
                1, search("Patient?identifier=" + PATIENT_IDS + "|" + second).size());
    }

    @Test
    void anEntryAnotherUserMayNotWriteIsA403AndTheRestIsStored() throws Exception {
        Patient ours = newPatient("Eigen" + unique());
        org.hl7.fhir.r4.model.Organization otherPractice = newOrganization("Andere praktijk " + unique());
        org.hl7.fhir.r4.model.Practitioner otherGp = newPractitioner("Ander" + unique());
        Sender other =
                new Sender(Tokens.claims("gp", otherGp.getIdentifierFirstRep().getValue(), ura(otherPractice)));
        Patient theirs = patient("Hunne" + unique());
        theirs.setGeneralPractitioner(
                List.of(new Reference(otherPractice.getIdElement().toUnqualifiedVersionless())));
        Patient changed = ours.copy();
        changed.getNameFirstRep().setFamily("Overschreven" + unique());
        Bundle batch = batch(theirs, changed);
        batch.getEntry()
                .get(1)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Patient/" + ours.getIdElement().getIdPart());

        Bundle response = post(other, batch);

        assertStatus("201 Created", response.getEntry().get(0));
        assertStatus("403 Forbidden", response.getEntry().get(1));
        assertTrue(diagnostics((OperationOutcome)
                        response.getEntry().get(1).getResponse().getOutcome())
                .startsWith("Access denied"));
        assertEquals(
                ours.getNameFirstRep().getFamily(),
                fhir.read()
                        .resource(Patient.class)
                        .withId(ours.getIdElement().getIdPart())
                        .execute()
                        .getNameFirstRep()
                        .getFamily(),
                "the refused update changed nothing");
        List<AuditEvent> audited = auditOf(other);
        assertTrue(
                audited.stream()
                        .anyMatch(e -> "update".equals(e.getSubtypeFirstRep().getCode())
                                && "4".equals(e.getOutcome().toCode())
                                && e.getEntity().stream()
                                        .anyMatch(entity -> ("Patient/"
                                                        + ours.getIdElement().getIdPart())
                                                .equals(entity.getWhat().getReference()))),
                "the refusal is in the patient's access log");
    }

    @Test
    void aBatchOverTheEntryLimitIsRefusedWholeAndStoresNothing() throws Exception {
        String family = "Teveel" + unique();
        Patient[] patients = new Patient[1001];
        for (int i = 0; i < patients.length; i++) {
            patients[i] = patient(family);
        }
        HttpResponse<String> response =
                send("POST", "", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(batch(patients)));
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("at most 1000"), response.body());
        assertEquals(List.of(), search("Patient?family=" + family));
    }

    @Test
    void aUrnUuidReferenceIsNotResolvedInABatchAndFailsItsEntry() throws Exception {
        Parties parties = newParties();
        Patient patient = patient("Urn" + unique());
        ServiceRequest request = referral(parties);
        request.setSubject(new Reference("urn:uuid:0a7c2d1e-2222-4222-8222-000000000001"));
        Bundle batch = batch(patient, request);
        batch.getEntry().get(0).setFullUrl("urn:uuid:0a7c2d1e-2222-4222-8222-000000000001");

        Bundle response = post(newSender(), batch);

        assertStatus("201 Created", response.getEntry().get(0));
        assertStatus("422 Unprocessable Entity", response.getEntry().get(1));
        String diagnostics = diagnostics(
                (OperationOutcome) response.getEntry().get(1).getResponse().getOutcome());
        assertTrue(diagnostics.contains("ServiceRequest.subject") && diagnostics.contains("urn:uuid:"), diagnostics);
    }

    /** The entry's status, with its outcome when it is another. */
    private static void assertStatus(String expected, Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryResponseComponent response = entry.getResponse();
        assertEquals(
                expected,
                response.getStatus(),
                () -> response.hasOutcome()
                        ? FHIR.newJsonParser().encodeResourceToString(response.getOutcome())
                        : "no outcome");
    }

    /** A user of this test's practice with a subject of its own, so that its audit entries can be counted. */
    private Sender newSender() {
        return new Sender(Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice)));
    }

    private record Sender(Map<String, Object> claims) {
        String token() {
            return Tokens.signed(claims);
        }

        String subject() {
            return (String) claims.get("sub");
        }
    }

    /** A patient of this test's practice, not stored yet. */
    private Patient patient(String family) {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference(practice.getIdElement().toUnqualifiedVersionless()));
        patient.addIdentifier(new Identifier().setSystem(PATIENT_IDS).setValue(unique()));
        patient.addName().setFamily(family).addGiven("Test");
        patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        return patient;
    }

    private static Bundle batch(Resource... resources) {
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        for (Resource resource : resources) {
            batch.addEntry()
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl(resource.fhirType());
        }
        return batch;
    }

    private Bundle post(Sender sender, Bundle batch) throws Exception {
        HttpResponse<String> response = sendAs(
                sender.token(), "POST", "", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(batch));
        assertEquals(200, response.statusCode(), response.body());
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private List<Resource> search(String query) {
        return fhir.search().byUrl(query).returnBundle(Bundle.class).execute().getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList();
    }

    private List<AuditEvent> auditOf(Sender sender) {
        return admin
                .search()
                .byUrl("AuditEvent?altid=" + sender.subject() + "&_count=100")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(entry -> (AuditEvent) entry.getResource())
                .toList();
    }
}
