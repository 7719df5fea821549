package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * Input from a hostile world: references to what a resource may not or cannot point at, text the database cannot
 * keep, bodies and headers built to break the parsers, transactions that write one thing twice, a forged Host header.
 * None of it is stored, none of it gets a 5xx, and every refusal is an OperationOutcome that says where.
 */
abstract class InputTests extends ContainerTest {

    @Test
    void aReferenceMustPointAtATypeItsElementAllows() throws Exception {
        Parties parties = newParties();
        String marker = unique();
        String patient = "Patient/" + parties.patient().getIdElement().getIdPart();
        for (String subject : List.of("Observation/1", "Group/x", patient.replace("Patient", "P\u0430tient"))) {
            ServiceRequest request = referral(parties);
            request.addIdentifier(
                    new Identifier().setSystem("https://gp.example/referrals").setValue(marker));
            request.setSubject(new Reference(subject));
            HttpResponse<String> refused = post("/ServiceRequest", request);
            assertEquals(422, refused.statusCode(), subject + " -> " + refused.body());
            assertEquals(
                    "ServiceRequest.subject",
                    outcome(refused).getIssueFirstRep().getExpression().get(0).getValue());
        }
        assertTrue(outcome(post("/ServiceRequest", referralAbout(parties, "Group/x")))
                .getIssueFirstRep()
                .getDiagnostics()
                .contains("must refer to a Patient, not to 'Group/x'"));
        assertTrue(send(
                        "POST",
                        "/ServiceRequest",
                        FHIR_JSON,
                        FHIR.newJsonParser()
                                .encodeResourceToString(
                                        referralAbout(parties, patient.replace("Patient", "P\u0430tient"))))
                .body()
                .contains("U+0430"));
        assertEquals(List.of(), ids("ServiceRequest?identifier=" + marker), "no referral (and so no Task) was stored");

        // The same check on the STU3 endpoint, whose ReferralRequests are stored as these ServiceRequests.
        HttpResponse<String> stu3 = send("POST", "/stu3/ReferralRequest", FHIR_JSON, """
                {"resourceType": "ReferralRequest", "status": "active", "intent": "order",
                 "type": {"coding": [{"system": "%s", "code": "referral"}]},
                 "serviceRequested": [{"coding": [{"system": "http://snomed.info/sct", "code": "183519002"}]}],
                 "subject": {"reference": "Group/x"}, "requester": {"agent": {"reference": "Practitioner/%s"}},
                 "recipient": [{"reference": "Organization/%s"}]}""".formatted(
                        CATEGORY_SYSTEM,
                        parties.gp().getIdElement().getIdPart(),
                        parties.hospital().getIdElement().getIdPart()));
        assertEquals(422, stu3.statusCode(), stu3.body());
        assertTrue(stu3.body().contains("must refer to a Patient"), stu3.body());
    }

    @Test
    void aReferenceToWhatTheWriterMayNotSeeIsAnsweredAsIfItDidNotExist() throws Exception {
        Parties mine = newParties();
        String theirs = "ServiceRequest/"
                + referralOfAnotherPractice(mine.hospital()).getIdElement().getIdPart();
        String missing = "ServiceRequest/" + java.util.UUID.randomUUID();

        ServiceRequest onTheirs = referral(mine);
        onTheirs.addBasedOn(new Reference(theirs));
        HttpResponse<String> refusedTheirs = post("/ServiceRequest", onTheirs);
        ServiceRequest onMissing = referral(mine);
        onMissing.addBasedOn(new Reference(missing));
        HttpResponse<String> refusedMissing = post("/ServiceRequest", onMissing);

        // Patient data the writer may not read, and patient data that does not exist: the same refusal (access rules,
        // 403).
        assertEquals(403, refusedMissing.statusCode(), refusedMissing.body());
        assertEquals(refusedMissing.statusCode(), refusedTheirs.statusCode(), refusedTheirs.body());
        assertEquals(
                outcome(refusedMissing).getIssueFirstRep().getDiagnostics().replace(missing, "X"),
                outcome(refusedTheirs).getIssueFirstRep().getDiagnostics().replace(theirs, "X"));

        ServiceRequest withMissingLetter = referral(mine);
        String letterId = "DocumentReference/" + unique();
        withMissingLetter.addSupportingInfo(new Reference(letterId));
        HttpResponse<String> letter = post("/ServiceRequest", withMissingLetter);
        assertEquals(403, letter.statusCode(), letter.body());
        assertTrue(letter.body().contains(letterId + ", to which this resource refers"), letter.body());

        // A directory resource is no secret: a missing one is named with its element (422).
        ServiceRequest toMissingHospital = referral(mine);
        toMissingHospital.setPerformer(java.util.List.of(new Reference("Organization/" + unique())));
        HttpResponse<String> hospital = post("/ServiceRequest", toMissingHospital);
        assertEquals(422, hospital.statusCode(), hospital.body());
        assertTrue(hospital.body().contains("ServiceRequest.performer[0] refers to Organization/"), hospital.body());
    }

    @Test
    void aTransactionRefusesADuplicateFullUrlAndTwoWritesOfOneResource() throws Exception {
        String twice = unique();
        String duplicateFullUrl = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                 {"fullUrl": "urn:uuid:%1$s", "resource": {"resourceType": "Patient", "identifier": [{"system": "https://test.example/patient", "value": "%1$s-a"}],
                  "name": [{"family": "Dubbel"}]}, "request": {"method": "POST", "url": "Patient"}},
                 {"fullUrl": "urn:uuid:%1$s", "resource": {"resourceType": "Patient", "identifier": [{"system": "https://test.example/patient", "value": "%1$s-b"}],
                  "name": [{"family": "Dubbel"}]}, "request": {"method": "POST", "url": "Patient"}}]}""".formatted(twice);
        HttpResponse<String> refused = send("POST", "", FHIR_JSON, duplicateFullUrl);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(
                refused.body().contains("Bundle.entry[0] and Bundle.entry[1] have the same fullUrl"), refused.body());

        String id = "p-" + twice;
        String twoPuts = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                 {"resource": {"resourceType": "Patient", "id": "%1$s", "identifier": [{"system": "https://test.example/patient", "value": "%1$s-a"}],
                  "name": [{"family": "Dubbel"}]}, "request": {"method": "PUT", "url": "Patient/%1$s"}},
                 {"resource": {"resourceType": "Patient", "id": "%1$s", "identifier": [{"system": "https://test.example/patient", "value": "%1$s-b"}],
                  "name": [{"family": "Dubbel"}]}, "request": {"method": "PUT", "url": "Patient/%1$s"}}]}""".formatted(id);
        HttpResponse<String> refusedPuts = send("POST", "", FHIR_JSON, twoPuts);
        assertEquals(400, refusedPuts.statusCode(), refusedPuts.body());
        assertTrue(
                refusedPuts.body().contains("Bundle.entry[0] and Bundle.entry[1] both write Patient/" + id),
                refusedPuts.body());
        assertEquals(List.of(), ids("Patient?identifier=https://test.example/patient|" + id + "-a"));
    }

    @Test
    void noInputGetsA5xx() throws Exception {
        Parties parties = newParties();
        String deepXml = "<Patient xmlns=\"http://hl7.org/fhir\">" + "<extension url=\"urn:x\">".repeat(5000)
                + "</extension>".repeat(5000) + "</Patient>";
        HttpResponse<String> xml = send("POST", "/Patient", "application/fhir+xml", deepXml);
        assertEquals(400, xml.statusCode(), xml.body());
        assertTrue(xml.body().contains("more than 200 deep"), xml.body());
        String deepJson = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"url\":\"x\",\"extension\":".repeat(5000)
                + "[{\"url\":\"y\"}]" + "}]".repeat(5000) + "}";
        assertEquals(400, send("POST", "/Patient", FHIR_JSON, deepJson).statusCode());

        ServiceRequest longIdentifier = referral(parties);
        longIdentifier.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue("x".repeat(300)));
        HttpResponse<String> tooLong = post("/ServiceRequest", longIdentifier);
        assertEquals(422, tooLong.statusCode(), tooLong.body());
        assertEquals(
                "ServiceRequest.identifier[0].value",
                outcome(tooLong).getIssueFirstRep().getExpression().get(0).getValue());
        ServiceRequest longSystem = referral(parties);
        longSystem.addIdentifier(
                new Identifier().setSystem("urn:" + "s".repeat(300)).setValue("1"));
        assertEquals(422, post("/ServiceRequest", longSystem).statusCode());

        ServiceRequest nul = referral(parties);
        nul.addNote().setText("voor\u0000na");
        HttpResponse<String> withNul = post("/ServiceRequest", nul);
        assertEquals(422, withNul.statusCode(), withNul.body());
        assertEquals(
                "ServiceRequest.note[0].text",
                outcome(withNul).getIssueFirstRep().getExpression().get(0).getValue());
        HttpResponse<String> searchNul = send("GET", "/Patient?family=a%00b", null, null);
        assertEquals(400, searchNul.statusCode(), searchNul.body());
        assertTrue(searchNul.body().contains("'family'"), searchNul.body());
        ServiceRequest conditional = referral(parties);
        HttpResponse<String> headerNul = send(
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(conditional),
                "If-None-Exist",
                "identifier=a%00b");
        assertEquals(400, headerNul.statusCode(), headerNul.body());

        String family = "Surrogaat" + unique();
        String before =
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://test.example/patient\",\"value\":\""
                        + unique() + "\"}],\"name\":[{\"family\":\"" + family;
        String after = "\"}]}";
        HttpResponse<String> lone = send("POST", "/Patient", FHIR_JSON, before + "\\ud800" + after);
        assertEquals(422, lone.statusCode(), lone.body());
        assertEquals(
                "Patient.name[0].family",
                outcome(lone).getIssueFirstRep().getExpression().get(0).getValue());
        for (byte[] notUtf8 : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {
            (byte) 0xed, (byte) 0xa0, (byte) 0x80
        })) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(notUtf8);
            body.writeBytes(after.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> invalid = sendBytes("/Patient", body.toByteArray());
            assertEquals(400, invalid.statusCode(), invalid.body());
            assertTrue(invalid.body().contains("must be UTF-8"), invalid.body());
        }
        assertEquals(List.of(), ids("Patient?family=" + family), "nothing was stored altered");
    }

    @Test
    void linksAreBuiltFromTheConfiguredBaseNotFromTheHostHeader() throws Exception {
        // HTTP/1.0: a body without chunks, to the end of the connection
        String response = raw("GET " + base.getPath() + "fhir/Organization?_count=1 HTTP/1.0\r\nHost: evil.example\r\n"
                + "Authorization: Bearer " + gpToken + "\r\n\r\n");
        Bundle page =
                FHIR.newJsonParser().parseResource(Bundle.class, response.substring(response.indexOf("\r\n\r\n") + 4));
        assertFalse(page.getLink().isEmpty());
        for (Bundle.BundleLinkComponent link : page.getLink()) {
            assertTrue(link.getUrl().startsWith(fhirBase()), link.getUrl());
        }
    }

    @Test
    void whatTheContainerRefusesIsAnOperationOutcomeToo() throws Exception {
        HttpResponse<String> header = send("GET", "/Organization", null, null, "X-Padding", "a".repeat(9000));
        assertEquals(431, header.statusCode(), header.body());
        assertEquals(
                OperationOutcome.IssueType.TOOLONG,
                outcome(header).getIssueFirstRep().getCode());
        HttpResponse<String> url = send("GET", "/Organization?name=" + "a".repeat(9000), null, null);
        assertEquals(414, url.statusCode(), url.body());
        assertTrue(outcome(url).getIssueFirstRep().getDiagnostics().contains("at most 8192"));
        // Announced, not sent: the answer comes before the body would.
        String tooLarge = raw(
                "POST " + base.getPath() + "fhir/Patient HTTP/1.1\r\nHost: " + base.getHost()
                        + "\r\nAuthorization: Bearer " + gpToken
                        + "\r\nContent-Type: application/fhir+json\r\nContent-Length: " + (10 * 1024 * 1024 + 1)
                        + "\r\n\r\n",
                "}]}");
        assertTrue(tooLarge.startsWith("HTTP/1.1 413"), tooLarge);
        assertTrue(
                tooLarge.contains("\"too-long\"") && tooLarge.contains("(hartketen.http.max-request-bytes)"), tooLarge);
    }

    @Test
    void nothingNamesTheSoftwareBehindTheServer() throws Exception {
        HttpResponse<String> metadata = send("GET", "/metadata", null, null);
        assertEquals(List.of(), metadata.headers().allValues("X-Powered-By"));
        assertEquals(List.of(), metadata.headers().allValues("Server"));
        CapabilityStatement capabilities =
                FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body());
        assertFalse(capabilities.getSoftware().hasVersion(), "no HAPI version");
        // Over HTTP/2 (the JDK's client upgrades to h2c), and in the listener's own upgrade answer, just the same.
        HttpResponse<String> overHttp2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .build()
                .send(
                        HttpRequest.newBuilder(java.net.URI.create(fhirBase() + "/metadata"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, overHttp2.version());
        assertEquals(List.of(), overHttp2.headers().allValues("x-powered-by"));
        assertEquals(List.of("DENY"), overHttp2.headers().allValues("x-frame-options"));
        String upgrade = raw(
                "GET " + base.getPath() + "fhir/metadata HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n",
                "\r\n\r\n");
        assertTrue(upgrade.startsWith("HTTP/1.1 101"), upgrade);
        assertFalse(
                upgrade.toLowerCase().contains("x-powered-by")
                        || upgrade.toLowerCase().contains("x-frame-options")
                        || upgrade.toLowerCase().contains("server:"),
                upgrade);
    }

    private ServiceRequest referralAbout(Parties parties, String subject) {
        return referral(parties).setSubject(new Reference(subject));
    }

    /** A referral by another GP practice, of its own patient: not this test's GP's to see. */
    private ServiceRequest referralOfAnotherPractice(Organization hospital) {
        Organization otherPractice = newOrganization("Praktijk " + unique());
        Practitioner otherGp = newPractitioner("Ander" + unique());
        IGenericClient other =
                clientAs(Tokens.token("gp", otherGp.getIdentifierFirstRep().getValue(), ura(otherPractice)));
        Patient theirPatient = new Patient();
        theirPatient.addGeneralPractitioner(
                new Reference(otherPractice.getIdElement().toUnqualifiedVersionless()));
        theirPatient.addIdentifier(
                new Identifier().setSystem("https://test.example/patient").setValue(unique()));
        theirPatient.addName().setFamily("Ander");
        theirPatient = (Patient) other.create().resource(theirPatient).execute().getResource();
        return (ServiceRequest) other.create()
                .resource(referral(theirPatient, otherGp, hospital))
                .execute()
                .getResource();
    }

    private HttpResponse<String> post(String path, ServiceRequest request) throws IOException, InterruptedException {
        return send("POST", path, FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(request));
    }

    private HttpResponse<String> sendBytes(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(fhirBase() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", FHIR_JSON)
                .header("Authorization", "Bearer " + gpToken)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What the server answers to {@code request}, sent as it is (the JDK's client would not send another Host). */
    private String raw(String request) throws IOException {
        return raw(request, null);
    }

    /** The same, up to and including {@code until} when it is not null, else to the end of the connection. */
    private String raw(String request, String until) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            if (until == null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            StringBuilder read = new StringBuilder();
            int b;
            while (read.indexOf(until) < 0 && (b = in.read()) >= 0) {
                read.append((char) b);
            }
            return read.toString();
        }
    }

    private static OperationOutcome outcome(HttpResponse<String> response) {
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    private List<String> ids(String query) {
        return fhir.search().byUrl(query).returnBundle(Bundle.class).execute().getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart())
                .toList();
    }
}
