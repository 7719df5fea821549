package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import nl.hartketen.domain.patient.Bsn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * One patient, one record: a BSN belongs to one Patient, also when sixteen clients register it at the same moment, and
 * knowing a BSN gives an organization neither the record nor a hint of it.
 */
abstract class PatientIdentityTests extends ContainerTest {

    private static final int CLIENTS = 16;

    @Test
    void sixteenConcurrentConditionalCreatesOfOnePatientStoreExactlyOne() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int round = 0; round < 3; round++) {
                String bsn = newBsn();
                String body = patientJson(bsn, practice);
                List<Callable<HttpResponse<String>>> creates = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    creates.add(() -> send(
                            "POST", "/Patient", FHIR_JSON, body, "If-None-Exist", "identifier=" + BSN + "|" + bsn));
                }
                List<String> locations = new ArrayList<>();
                int created = 0;
                for (Future<HttpResponse<String>> answer : clients.invokeAll(creates)) {
                    HttpResponse<String> response = answer.get();
                    assertTrue(
                            response.statusCode() == 201 || response.statusCode() == 200,
                            response.statusCode() + " " + response.body());
                    created += response.statusCode() == 201 ? 1 : 0;
                    locations.add(FHIR.newJsonParser()
                            .parseResource(Patient.class, response.body())
                            .getIdElement()
                            .getIdPart());
                }
                assertEquals(1, created, "one create took effect, the others got it back");
                assertEquals(
                        1, locations.stream().distinct().count(), "every client got the same patient: " + locations);
                assertEquals(1, patientsWith(bsn).getTotal(), "one Patient carries the BSN");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aPlainCreateOfARegisteredBsnIsAConflictThatPointsAtTheConditionalForm() throws Exception {
        String bsn = newBsn();
        HttpResponse<String> first = send("POST", "/Patient", FHIR_JSON, patientJson(bsn, practice));
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> second = send("POST", "/Patient", FHIR_JSON, patientJson(bsn, practice));
        assertEquals(409, second.statusCode(), second.body());
        assertTrue(
                second.body().contains("OperationOutcome") && second.body().contains("If-None-Exist"), second.body());
        assertEquals(1, patientsWith(bsn).getTotal());

        String sameBsnInTransaction = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [{"fullUrl": "urn:uuid:6d1c3a90-0000-4000-8000-000000000001",
                 "resource": %s, "request": {"method": "POST", "url": "Patient"}}]}""".formatted(patientJson(bsn, practice));
        HttpResponse<String> inTransaction = send("POST", "", FHIR_JSON, sameBsnInTransaction);
        assertEquals(409, inTransaction.statusCode(), inTransaction.body());
        assertEquals(1, patientsWith(bsn).getTotal());
    }

    @Test
    void anOrganizationNotInvolvedLearnsNothingFromABsnUntilAnInvolvedOneBringsItIn() throws Exception {
        String bsn = newBsn();
        HttpResponse<String> registered = send("POST", "/Patient", FHIR_JSON, patientJson(bsn, practice));
        String patientId = FHIR.newJsonParser()
                .parseResource(Patient.class, registered.body())
                .getIdElement()
                .getIdPart();

        Organization otherPractice = newOrganization("Huisartsenpraktijk " + unique());
        String otherGp = Tokens.token(
                "gp", newPractitioner("Gp" + unique()).getIdentifierFirstRep().getValue(), ura(otherPractice));
        for (String[] headers :
                List.of(new String[0], new String[] {"If-None-Exist", "identifier=" + BSN + "|" + bsn})) {
            HttpResponse<String> attempt =
                    sendAs(otherGp, "POST", "/Patient", FHIR_JSON, patientJson(bsn, otherPractice), headers);
            assertEquals(409, attempt.statusCode(), attempt.body());
            assertFalse(attempt.body().contains(patientId), "the refusal names no record: " + attempt.body());
        }
        assertEquals(
                403, sendAs(otherGp, "GET", "/Patient/" + patientId, null, null).statusCode());
        assertFalse(sendAs(otherGp, "GET", "/Patient?identifier=" + BSN + "%7C" + bsn, null, null)
                .body()
                .contains(patientId));
        assertEquals(1, patientsWith(bsn).getTotal(), "no second record for the other practice");

        // The patient moves to the other practice: the practice that is involved registers the new GP practice.
        Patient patient = fhir.read().resource(Patient.class).withId(patientId).execute();
        patient.setGeneralPractitioner(List.of(
                new Reference("Organization/" + otherPractice.getIdElement().getIdPart())));
        fhir.update().resource(patient).execute();
        HttpResponse<String> nowInvolved = sendAs(
                otherGp,
                "POST",
                "/Patient",
                FHIR_JSON,
                patientJson(bsn, otherPractice),
                "If-None-Exist",
                "identifier=" + BSN + "|" + bsn);
        assertEquals(200, nowInvolved.statusCode(), nowInvolved.body());
        assertTrue(nowInvolved.body().contains(patientId), nowInvolved.body());
    }

    @Test
    void anOrganizationsUraNumberNamesOneOrganization() throws Exception {
        Organization existing = newOrganization("Ziekenhuis " + unique());
        Organization twin = new Organization().setName("Ziekenhuis " + unique());
        twin.addIdentifier(new Identifier().setSystem(Tokens.URA).setValue(ura(existing)));
        HttpResponse<String> refused = sendAs(
                adminToken,
                "POST",
                "/Organization",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(twin));
        assertEquals(409, refused.statusCode(), refused.body());
    }

    private Bundle patientsWith(String bsn) {
        return fhir.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode(BSN, bsn))
                .returnBundle(Bundle.class)
                .execute();
    }

    private static String patientJson(String bsn, Organization generalPractitioner) {
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier().setSystem(BSN).setValue(bsn));
        patient.addName().setFamily("Dubbel" + unique()).addGiven("Test");
        patient.addGeneralPractitioner(new Reference(
                "Organization/" + generalPractitioner.getIdElement().getIdPart()));
        return FHIR.newJsonParser().encodeResourceToString(patient);
    }

    /** A random BSN that passes the 11-proef. */
    static String newBsn() {
        String candidate;
        do {
            candidate = String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        } while (!Bsn.isValid(candidate));
        return candidate;
    }
}
