package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every resource type the server serves × the main interactions × the cast of {@link SecurityTests} (GP practice A
 * refers to hospital H; GP practice B and hospital X are not involved; a coordinator; an administrator), as an
 * outsider would try it: each access is checked for a leak (an outsider getting a 2xx or data, or an answer for an
 * existing resource it may not see that differs from the answer for a missing one) and for its audit entry (exactly
 * one per access, by that user, with the patient when there is one; none for reading the directory). Both counts must
 * be 0. Requests are sent one at a time, so each audit entry falls in the time window of the request that made it.
 */
abstract class AccessMatrixTests extends ContainerTest {

    private static final String CONVERSION_ALLOWED = "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed";
    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";

    /** A signed-in user: the token's subject names them in the audit trail. */
    private record User(String name, String subject, String token, IGenericClient client) {}

    /** One request of the matrix: who sent what, when, what came back, and the audit entry it must leave. */
    private record Sent(
            User user,
            String method,
            String path,
            Instant start,
            Instant end,
            HttpResponse<String> response,
            boolean audited,
            String patient) {

        @Override
        public String toString() {
            return user.name() + " " + method + " " + path + " → " + response.statusCode();
        }
    }

    /** A patient-data resource of the cast, who may read it, and its patient. */
    private record Target(String type, String id, List<User> readers) {}

    private User gpA;
    private User cardH;
    private User gpB;
    private User cardX;
    private User coordinator;
    private User administrator;
    private Organization practiceB;
    private Organization hospitalX;
    private Parties parties;
    private String patient;
    private ServiceRequest referral;
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> leaks = new ArrayList<>();

    @BeforeEach
    void cast() {
        parties = newParties();
        patient = "Patient/" + parties.patient().getIdElement().getIdPart();
        gpA = user("gpA", Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice)));
        cardH = user("cardH", Tokens.claims("cardiologist", "01" + unique(), ura(parties.hospital())));
        practiceB = newOrganization("Praktijk B " + unique());
        gpB = user(
                "gpB",
                Tokens.claims(
                        "gp",
                        newPractitioner("B" + unique()).getIdentifierFirstRep().getValue(),
                        ura(practiceB)));
        hospitalX = newOrganization("Ziekenhuis X " + unique());
        cardX = user("cardX", Tokens.claims("cardiologist", "01" + unique(), ura(hospitalX)));
        coordinator =
                user("coordinator", Tokens.claims("coordinator", null, ura(newOrganization("Netwerk " + unique()))));
        administrator = user("admin", Tokens.claims("admin", null, null));
        referral = (ServiceRequest)
                gpA.client().create().resource(referral(parties)).execute().getResource();
    }

    private User user(String name, Map<String, Object> claims) {
        String token = Tokens.signed(claims);
        return new User(name, (String) claims.get("sub"), token, clientAs(token));
    }

    @Test
    void outsidersLearnNothingAndEveryAccessLeavesExactlyOneAuditEntry() throws Exception {
        Map<String, Target> targets = patientRecords();
        String auditEventId = administrator
                .client()
                .search()
                .byUrl("AuditEvent?_count=1")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .getIdPart();
        Map<String, String> bodies = new LinkedHashMap<>();
        for (Target target : targets.values()) {
            if (!"EpisodeOfCare".equals(target.type())) {
                bodies.put(
                        target.type(),
                        FHIR.newJsonParser()
                                .encodeResourceToString(target.readers()
                                        .get(0)
                                        .client()
                                        .read()
                                        .resource(target.type())
                                        .withId(target.id())
                                        .execute()));
            }
        }
        List<User> everybody = List.of(gpA, cardH, gpB, cardX, coordinator, administrator);
        Instant matrixStart = Instant.now();

        for (Target target : targets.values()) {
            String patientOf = patientOf(target);
            for (User user : everybody) {
                if (target.readers().contains(user)) {
                    expectAllowed(
                            send(user, "GET", "/" + target.type() + "/" + target.id(), null, true, patientOf), target);
                    expectAllowed(
                            send(
                                    user,
                                    "GET",
                                    "/" + target.type() + "/" + target.id() + "/_history/1",
                                    null,
                                    true,
                                    patientOf),
                            target);
                    expectAllowed(
                            send(
                                    user,
                                    "GET",
                                    "/" + target.type() + "/" + target.id() + "/_history",
                                    null,
                                    true,
                                    patientOf),
                            target);
                    expectAllowed(
                            send(user, "GET", "/" + target.type() + "?_id=" + target.id(), null, true, patientOf),
                            target);
                    continue;
                }
                hiddenLikeMissing(user, target, "GET", id -> "/" + target.type() + "/" + id, id -> null);
                hiddenLikeMissing(
                        user, target, "GET", id -> "/" + target.type() + "/" + id + "/_history/1", id -> null);
                hiddenLikeMissing(user, target, "GET", id -> "/" + target.type() + "/" + id + "/_history", id -> null);
                searchFindsNothing(user, target);
                String body = bodies.get(target.type());
                hiddenLikeMissing(
                        user,
                        target,
                        "PUT",
                        id -> "/" + target.type() + "/" + id,
                        id -> body == null
                                ? "{\"resourceType\":\"" + target.type() + "\",\"id\":\"" + id + "\"}"
                                : body.replace(target.id(), id));
            }
            send(gpA, "GET", "/" + target.type() + "/_history", null, true, null);
        }

        String patientId = parties.patient().getIdElement().getIdPart();
        Target thePatient = targets.get("Patient");
        for (User user : everybody) {
            boolean involved = thePatient.readers().contains(user);
            if (involved) {
                expectAllowed(send(user, "GET", "/" + patient + "/$journey", null, true, patient), thePatient);
                expectAllowed(send(user, "GET", "/" + patient + "/$access-log", null, true, patient), thePatient);
            } else {
                hiddenLikeMissing(user, thePatient, "GET", id -> "/Patient/" + id + "/$journey", id -> null);
                if (user != administrator) {
                    hiddenLikeMissing(user, thePatient, "GET", id -> "/Patient/" + id + "/$access-log", id -> null);
                } else {
                    expectStatus(send(user, "GET", "/" + patient + "/$access-log", null, true, patient), 200);
                }
            }
            if (!targets.get("ServiceRequest/consult").readers().contains(user)) {
                hiddenLikeMissing(
                        user,
                        targets.get("ServiceRequest/consult"),
                        "POST",
                        id -> "/ServiceRequest/" + id + "/$convert-to-referral",
                        id -> "{\"resourceType\":\"Parameters\"}");
            }
            // What HAPI answers itself: operations and histories it has no handler for, unknown types and paths.
            hiddenLikeMissing(user, thePatient, "GET", id -> "/Patient/" + id + "/$everything", id -> null);
            hiddenLikeMissing(user, thePatient, "DELETE", id -> "/Patient/" + id, id -> null);
            expectRefused(send(user, "GET", "/_history", null, true, null));
            expectRefused(send(user, "GET", "/Patient/_history", null, true, null));
            expectRefused(send(
                    user,
                    "GET",
                    "/$graphql?query=" + URLEncoder.encode("{PatientList{id}}", StandardCharsets.UTF_8),
                    null,
                    true,
                    null));
            expectRefused(send(user, "GET", "/Foo/" + patientId, null, true, null));
            expectRefused(send(user, "GET", "/" + patient + "/nothing/here", null, true, patient));

            send(user, "GET", "/Organization/" + practice.getIdElement().getIdPart(), null, false, null);
            send(user, "GET", "/Organization?_id=" + practice.getIdElement().getIdPart(), null, false, null);
            expectRefused(send(user, "GET", "/Organization/missing-" + unique(), null, true, null));
            send(user, "GET", "/Measure", null, true, null);
            Sent report = send(
                    user,
                    "GET",
                    "/Measure/access-time/$evaluate-measure?periodStart=2026-01-01&periodEnd=2026-06-30"
                            + "&subject=Organization/hartnet",
                    null,
                    true,
                    null);
            expectStatus(report, user == administrator ? 200 : 403);
            if (user == administrator) {
                expectStatus(send(user, "GET", "/AuditEvent/" + auditEventId, null, true, null), 200);
                expectStatus(send(user, "GET", "/AuditEvent/$verify-chain", null, true, null), 200);
            } else {
                hiddenLikeMissing(
                        user,
                        new Target("AuditEvent", auditEventId, List.of(administrator)),
                        "GET",
                        id -> "/AuditEvent/" + id,
                        id -> null);
                expectRefused(send(user, "GET", "/AuditEvent/$verify-chain", null, true, null));
            }
            for (String stu3 :
                    List.of("ReferralRequest/" + referral.getIdElement().getIdPart(), patient)) {
                Target target = stu3.startsWith("Patient") ? thePatient : targets.get("ServiceRequest");
                String type = stu3.substring(0, stu3.indexOf('/'));
                if (target.readers().contains(user)) {
                    expectAllowed(send(user, "GET", "/stu3/" + stu3, null, true, patient), target);
                } else {
                    hiddenLikeMissing(user, target, "GET", id -> "/stu3/" + type + "/" + id, id -> null);
                }
            }
        }

        referencesToHiddenResourcesAnswerAsMissingOnes(targets);
        conditionalCreatesPagesAndNotModified();
        // An operation that writes: its change's entry is the request's one.
        expectStatus(
                send(
                        cardH,
                        "POST",
                        "/ServiceRequest/"
                                + targets.get("ServiceRequest/consult").id() + "/$convert-to-referral",
                        "{\"resourceType\":\"Parameters\"}",
                        true,
                        patient),
                200);

        int unaudited = unaudited(matrixStart);
        System.out.printf(
                "Access matrix: %d requests by %d users over %d patient-data types; %d leaks, %d accesses without"
                        + " exactly one matching audit entry%n",
                sent.size(), everybody.size(), targets.size(), leaks.size(), unaudited);
        assertTrue(sent.size() > 300, "the matrix covers enough: " + sent.size());
        assertEquals(List.of(), leaks, "leaks");
        assertEquals(0, unaudited, "accesses without exactly one audit entry (listed above)");
    }

    @Test
    void aReferenceSharesOnlyWhatItsWriterMayRead() throws Exception {
        Map<String, Target> targets = patientRecords();
        String document =
                "DocumentReference/" + targets.get("DocumentReference").id();
        String ownPatient = ownPatientOfB();

        // The finding: B names A's letter in its own consult, then reads it.
        HttpResponse<String> named = sendAs(
                gpB.token(),
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                json(consult(ownPatient, practiceB, hospitalX, document)));
        assertEquals(403, named.statusCode(), named.body());
        assertFalse(named.body().contains(patient), "names nothing B may not see: " + named.body());
        assertEquals(403, sendAs(gpB.token(), "GET", "/" + document, null, null).statusCode());

        // A message's attachment is shared with the other side of the consult, as a consult's attachments are.
        String consult =
                "ServiceRequest/" + targets.get("ServiceRequest/consult").id();
        String letter = "DocumentReference/"
                + gpA.client().create().resource(ecg(patient)).execute().getId().getIdPart();
        assertEquals(403, sendAs(cardH.token(), "GET", "/" + letter, null, null).statusCode(), "not yet shared");
        Communication withLetter = message(consult, patient, practice, parties.hospital(), "information");
        withLetter.addPayload().setContent(new Reference(letter));
        HttpResponse<String> sentLetter = sendAs(gpA.token(), "POST", "/Communication", FHIR_JSON, json(withLetter));
        assertEquals(201, sentLetter.statusCode(), sentLetter.body());
        assertEquals(
                200,
                sendAs(cardH.token(), "GET", "/" + letter, null, null).statusCode(),
                "the hospital asked reads the message's attachment");
        assertEquals(403, sendAs(cardX.token(), "GET", "/" + letter, null, null).statusCode(), "nobody else");

        // A message about another patient than its consult's: refused without naming the consult's patient.
        Communication wrongSubject = message(consult, ownPatient, practice, parties.hospital(), "information");
        wrongSubject.setSubject(new Reference(
                "Patient/" + newPatient("Ander" + unique()).getIdElement().getIdPart()));
        HttpResponse<String> aboutAnother =
                sendAs(gpA.token(), "POST", "/Communication", FHIR_JSON, json(wrongSubject));
        assertEquals(422, aboutAnother.statusCode(), aboutAnother.body());
        assertTrue(
                aboutAnother.body().contains("Communication.subject")
                        && !aboutAnother.body().contains(patient),
                aboutAnother.body());

        // A referral number that another organization's referral holds: 409, without naming that referral.
        ServiceRequest sameNumber = referral(parties);
        sameNumber.setSubject(new Reference(ownPatient));
        sameNumber.setRequester(
                new Reference("Organization/" + practiceB.getIdElement().getIdPart()));
        sameNumber.setIdentifier(List.of(referral.getIdentifierFirstRep().copy()));
        HttpResponse<String> clash = sendAs(gpB.token(), "POST", "/ServiceRequest", FHIR_JSON, json(sameNumber));
        assertEquals(409, clash.statusCode(), clash.body());
        assertFalse(clash.body().contains(referral.getIdElement().getIdPart()), clash.body());
    }

    /** The cast's patient records: a referral and its Task, episode and appointment, a consult with its letter and a message, a telediagnostics request and its report, a procedure request and its procedure. */
    private Map<String, Target> patientRecords() {
        String referralId = referral.getIdElement().getIdPart();
        Map<String, Target> targets = new LinkedHashMap<>();
        List<User> both = List.of(gpA, cardH);
        targets.put(
                "Patient",
                new Target("Patient", parties.patient().getIdElement().getIdPart(), both));
        targets.put("ServiceRequest", new Target("ServiceRequest", referralId, both));
        targets.put(
                "Task",
                new Target("Task", taskOf(gpA.client(), referral).getIdElement().getIdPart(), both));
        targets.put(
                "EpisodeOfCare",
                new Target(
                        "EpisodeOfCare",
                        gpA.client()
                                .search()
                                .byUrl("EpisodeOfCare?patient=" + patient)
                                .returnBundle(Bundle.class)
                                .execute()
                                .getEntryFirstRep()
                                .getResource()
                                .getIdElement()
                                .getIdPart(),
                        both));

        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.addBasedOn(new Reference("ServiceRequest/" + referralId));
        appointment.setStart(new Date(System.currentTimeMillis() + 3_600_000L));
        appointment.setEnd(new Date(System.currentTimeMillis() + 5_400_000L));
        appointment
                .addParticipant()
                .setActor(new Reference(patient))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        targets.put(
                "Appointment",
                new Target(
                        "Appointment",
                        cardH.client()
                                .create()
                                .resource(appointment)
                                .execute()
                                .getId()
                                .getIdPart(),
                        both));

        String letter =
                gpA.client().create().resource(ecg(patient)).execute().getId().getIdPart();
        targets.put("DocumentReference", new Target("DocumentReference", letter, both));
        String consult = gpA.client()
                .create()
                .resource(consult(patient, practice, parties.hospital(), "DocumentReference/" + letter))
                .execute()
                .getId()
                .getIdPart();
        targets.put("ServiceRequest/consult", new Target("ServiceRequest", consult, both));
        Communication question =
                message("ServiceRequest/" + consult, patient, parties.hospital(), practice, "information-request");
        targets.put(
                "Communication",
                new Target(
                        "Communication",
                        cardH.client()
                                .create()
                                .resource(question)
                                .execute()
                                .getId()
                                .getIdPart(),
                        both));

        ServiceRequest echo = referral(parties);
        echo.getCategoryFirstRep()
                .getCodingFirstRep()
                .setCode("telediagnostics")
                .setDisplay("Telediagnostics");
        echo.setCode(new CodeableConcept(new Coding(SNOMED, "40701008", "Echocardiography")));
        String echoId = gpA.client().create().resource(echo).execute().getId().getIdPart();
        DiagnosticReport report = new DiagnosticReport();
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.addBasedOn(new Reference("ServiceRequest/" + echoId));
        report.setSubject(new Reference(patient));
        report.setCode(echo.getCode().copy());
        report.setIssued(new Date());
        report.setConclusion("Goede LV-functie.");
        targets.put(
                "DiagnosticReport",
                new Target(
                        "DiagnosticReport",
                        cardH.client()
                                .create()
                                .resource(report)
                                .execute()
                                .getId()
                                .getIdPart(),
                        both));

        ServiceRequest decision = referral(parties);
        decision.setCategory(
                List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "procedure", "Procedure request"))));
        decision.setCode(new CodeableConcept(new Coding(SERVICE, "pci", "Percutaneous coronary intervention (PCI)")));
        decision.setRequester(new Reference(parties.hospital().getIdElement().toUnqualifiedVersionless()));
        decision.addBasedOn(new Reference("ServiceRequest/" + referralId));
        String decisionId =
                cardH.client().create().resource(decision).execute().getId().getIdPart();
        targets.put("ServiceRequest/procedure", new Target("ServiceRequest", decisionId, List.of(cardH)));
        Procedure procedure = new Procedure();
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setCode(new CodeableConcept(new Coding(SNOMED, "415070008", "Percutaneous coronary intervention")));
        procedure.setSubject(new Reference(patient));
        procedure.addBasedOn(new Reference("ServiceRequest/" + decisionId));
        procedure.setPerformed(new DateTimeType(new Date()));
        targets.put(
                "Procedure",
                new Target(
                        "Procedure",
                        cardH.client()
                                .create()
                                .resource(procedure)
                                .execute()
                                .getId()
                                .getIdPart(),
                        List.of(cardH)));
        return targets;
    }

    /** Writes that name a resource the writer may not see are answered as if it did not exist. */
    private void referencesToHiddenResourcesAnswerAsMissingOnes(Map<String, Target> targets) throws Exception {
        String ownPatient = ownPatientOfB();
        String ownConsult = "ServiceRequest/"
                + gpB.client()
                        .create()
                        .resource(consult(ownPatient, practiceB, hospitalX))
                        .execute()
                        .getId()
                        .getIdPart();
        Target letter = targets.get("DocumentReference");
        Target consult = targets.get("ServiceRequest/consult");
        Target request = targets.get("ServiceRequest");
        Target decision = targets.get("ServiceRequest/procedure");
        Target echo = new Target(
                "ServiceRequest",
                ((Reference) ((DiagnosticReport) gpA.client()
                                        .read()
                                        .resource(DiagnosticReport.class)
                                        .withId(targets.get("DiagnosticReport").id())
                                        .execute())
                                .getBasedOnFirstRep())
                        .getReferenceElement()
                        .getIdPart(),
                List.of(gpA, cardH));
        Target thePatient = targets.get("Patient");

        hiddenLikeMissing(
                gpB,
                letter,
                "POST",
                id -> "/ServiceRequest",
                id -> json(consult(ownPatient, practiceB, hospitalX, "DocumentReference/" + id)));
        hiddenLikeMissing(gpB, letter, "POST", id -> "/Communication", id -> {
            Communication message = message(ownConsult, ownPatient, practiceB, hospitalX, "question");
            message.addPayload().setContent(new Reference("DocumentReference/" + id));
            return json(message);
        });
        hiddenLikeMissing(
                gpB,
                consult,
                "POST",
                id -> "/Communication",
                id -> json(message("ServiceRequest/" + id, ownPatient, practiceB, parties.hospital(), "question")));
        for (User outsider : List.of(gpB, cardX)) {
            hiddenLikeMissing(outsider, request, "POST", id -> "/Appointment", id -> {
                Appointment appointment = new Appointment();
                appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
                appointment.addBasedOn(new Reference("ServiceRequest/" + id));
                appointment.setStart(new Date(System.currentTimeMillis() + 3_600_000L));
                appointment.setEnd(new Date(System.currentTimeMillis() + 5_400_000L));
                appointment
                        .addParticipant()
                        .setActor(new Reference(gp.getIdElement().toUnqualifiedVersionless()))
                        .setStatus(Appointment.ParticipationStatus.ACCEPTED);
                return json(appointment);
            });
            hiddenLikeMissing(outsider, echo, "POST", id -> "/DiagnosticReport", id -> {
                DiagnosticReport report = new DiagnosticReport();
                report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
                report.addBasedOn(new Reference("ServiceRequest/" + id));
                report.setCode(new CodeableConcept(new Coding(SNOMED, "40701008", "Echocardiography")));
                return json(report);
            });
            hiddenLikeMissing(outsider, decision, "POST", id -> "/Procedure", id -> {
                Procedure procedure = new Procedure();
                procedure.setStatus(Procedure.ProcedureStatus.INPROGRESS);
                procedure.addBasedOn(new Reference("ServiceRequest/" + id));
                procedure.setSubject(new Reference(ownPatient));
                return json(procedure);
            });
            hiddenLikeMissing(outsider, request, "POST", id -> "/Task", id -> json(task("ServiceRequest/" + id)));
            hiddenLikeMissing(outsider, request, "POST", id -> "", id -> {
                Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                transaction
                        .addEntry()
                        .setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
                        .setResource(task("ServiceRequest/" + id))
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("Task");
                return json(transaction);
            });
            hiddenLikeMissing(outsider, thePatient, "POST", id -> "/ServiceRequest", id -> {
                ServiceRequest aboutThem = referral(parties);
                aboutThem.setSubject(new Reference("Patient/" + id));
                aboutThem.setRequester(new Reference(
                        outsider == gpB
                                ? "Organization/" + practiceB.getIdElement().getIdPart()
                                : "Organization/" + hospitalX.getIdElement().getIdPart()));
                return json(aboutThem);
            });
            hiddenLikeMissing(
                    outsider, thePatient, "POST", id -> "/DocumentReference", id -> json(ecg("Patient/" + id)));
        }
    }

    /** A conditional create that finds its match, a refused page link, and a 304: each one entry like any access. */
    private void conditionalCreatesPagesAndNotModified() throws Exception {
        Identifier number = referral.getIdentifierFirstRep();
        String condition =
                "identifier=" + URLEncoder.encode(number.getSystem() + "|" + number.getValue(), StandardCharsets.UTF_8);
        HttpResponse<String> matched = send(
                        gpA,
                        "POST",
                        "/ServiceRequest",
                        json(referral(parties)),
                        true,
                        patient,
                        "If-None-Exist",
                        condition)
                .response();
        assertEquals(200, matched.statusCode(), "the existing referral: " + matched.body());
        ServiceRequest ofB = referral(parties);
        ofB.setRequester(
                new Reference("Organization/" + practiceB.getIdElement().getIdPart()));
        hiddenLikeMissingAnswers(
                gpB,
                "POST",
                "/ServiceRequest",
                json(ofB),
                "If-None-Exist",
                condition,
                "identifier="
                        + URLEncoder.encode(
                                number.getSystem() + "|HK-0000-" + unique().substring(0, 4), StandardCharsets.UTF_8));

        Sent first = send(gpA, "GET", "/ServiceRequest?subject=" + patient + "&_count=1", null, true, patient);
        String next = FHIR.newJsonParser()
                .parseResource(Bundle.class, first.response().body())
                .getLink(Bundle.LINK_NEXT)
                .getUrl();
        String page = next.substring(next.indexOf('?'));
        expectStatus(send(gpA, "GET", page, null, true, patient), 200);
        expectRefused(send(gpB, "GET", page, null, true, null));

        String version = referral.getMeta().getVersionId();
        Sent unchanged = send(
                gpA,
                "GET",
                "/ServiceRequest/" + referral.getIdElement().getIdPart(),
                null,
                true,
                patient,
                "If-None-Match",
                "W/\"" + version + "\"");
        expectStatus(unchanged, 304);
        String current =
                json(gpA.client().read().resource(Patient.class).withId(patient).execute());
        expectStatus(send(gpA, "PUT", "/" + patient, current, true, patient), 200);
    }

    private void hiddenLikeMissing(
            User user, Target target, String method, Function<String, String> path, Function<String, String> body)
            throws Exception {
        String missing = "missing-" + unique();
        boolean onPatient = "Patient".equals(target.type()) && path.apply("x").startsWith("/Patient/");
        String hiddenPatient = patientOf(target);
        Sent hidden = send(
                user,
                method,
                path.apply(target.id()),
                body.apply(target.id()),
                true,
                onPatient ? "Patient/" + target.id() : method.equals("GET") ? hiddenPatient : null);
        Sent absent = send(
                user, method, path.apply(missing), body.apply(missing), true, onPatient ? "Patient/" + missing : null);
        compare(hidden, absent, target.id(), missing);
    }

    /** The same request with two header values, one naming what exists but is hidden, one what does not exist. */
    private void hiddenLikeMissingAnswers(
            User user, String method, String path, String body, String header, String hiddenValue, String missingValue)
            throws Exception {
        Sent hidden = send(user, method, path, body, true, null, header, hiddenValue);
        Sent absent = send(user, method, path, body, true, null, header, missingValue);
        compare(hidden, absent, hiddenValue, missingValue);
    }

    private void compare(Sent hidden, Sent absent, String hiddenId, String missingId) {
        if (hidden.response().statusCode() < 400) {
            leaks.add("an outsider was answered " + hidden.response().statusCode() + ": " + hidden);
        }
        if (hidden.response().statusCode() != absent.response().statusCode()
                || !hidden.response()
                        .body()
                        .replace(hiddenId, "{id}")
                        .equals(absent.response().body().replace(missingId, "{id}"))) {
            leaks.add("hidden and missing answered differently: " + hidden + " "
                    + hidden.response().body() + " / " + absent + " "
                    + absent.response().body());
        }
    }

    private void searchFindsNothing(User user, Target target) throws Exception {
        for (String id : List.of(target.id(), "missing-" + unique())) {
            Sent search = send(
                    user,
                    "GET",
                    "/" + target.type() + "?_id=" + id,
                    null,
                    true,
                    "Patient".equals(target.type()) ? "Patient/" + id : null);
            int status = search.response().statusCode();
            if (status == 200
                    && FHIR.newJsonParser()
                                    .parseResource(
                                            Bundle.class, search.response().body())
                                    .getTotal()
                            > 0) {
                leaks.add("an outsider found " + target.type() + "/" + target.id() + ": " + search);
            } else if (status != 200 && status != 403) {
                leaks.add("unexpected answer to an outsider's search: " + search);
            }
        }
    }

    private void expectAllowed(Sent sent, Target target) {
        assertEquals(
                200,
                sent.response().statusCode(),
                target.type() + " is readable by " + sent.user().name() + ": " + sent + " "
                        + sent.response().body());
    }

    private static void expectStatus(Sent sent, int status) {
        assertEquals(
                status,
                sent.response().statusCode(),
                sent + " " + sent.response().body());
    }

    private void expectRefused(Sent sent) {
        if (sent.response().statusCode() < 400) {
            leaks.add("not refused: " + sent);
        }
    }

    /** Sends one request and keeps its time window; the next request starts in a later millisecond. */
    private Sent send(
            User user, String method, String path, String body, boolean audited, String patient, String... headers)
            throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> response = sendTo(
                URI.create(fhirBase() + path), user.token(), method, body == null ? null : FHIR_JSON, body, headers);
        Sent one = new Sent(user, method, path, start, Instant.now(), response, audited, patient);
        sent.add(one);
        Thread.sleep(2);
        return one;
    }

    /** The requests of the matrix without exactly one audit entry of their user in their time window, as it should be. */
    private int unaudited(Instant matrixStart) {
        Map<User, List<AuditEvent>> entries = sent.stream()
                .map(Sent::user)
                .distinct()
                .collect(Collectors.toMap(user -> user, user -> entriesOf(user, matrixStart)));
        int unaudited = 0;
        for (Sent one : sent) {
            List<AuditEvent> inWindow = entries.get(one.user()).stream()
                    .filter(event -> !event.getRecorded().toInstant().isBefore(one.start())
                            && !event.getRecorded().toInstant().isAfter(one.end()))
                    .toList();
            String problem = problem(one, inWindow);
            if (problem != null) {
                unaudited++;
                System.out.println("Audit: " + one + ": " + problem);
            }
        }
        return unaudited;
    }

    private static String problem(Sent one, List<AuditEvent> inWindow) {
        if (!one.audited()) {
            return inWindow.isEmpty() ? null : inWindow.size() + " entries for a read of the directory";
        }
        if (inWindow.size() != 1) {
            return inWindow.size() + " entries";
        }
        AuditEvent entry = inWindow.get(0);
        int status = one.response().statusCode();
        String outcome = status < 400 ? "0" : status < 500 ? "4" : "8";
        if (!outcome.equals(entry.getOutcome().toCode())) {
            return "outcome " + entry.getOutcome().toCode() + " for " + status;
        }
        if (one.patient() != null
                && entry.getEntity().stream()
                        .noneMatch(
                                entity -> one.patient().equals(entity.getWhat().getReference()))) {
            return "without " + one.patient() + ": "
                    + entry.getEntity().stream()
                            .map(entity -> entity.getWhat().getReference())
                            .toList();
        }
        return null;
    }

    private List<AuditEvent> entriesOf(User user, Instant since) {
        List<AuditEvent> found = new ArrayList<>();
        String query = "/AuditEvent?altid=" + user.subject() + "&_count=500";
        while (query != null) {
            Bundle page = administrator
                    .client()
                    .search()
                    .byUrl(fhirBase() + query)
                    .returnBundle(Bundle.class)
                    .execute();
            page.getEntry().stream()
                    .map(entry -> (AuditEvent) entry.getResource())
                    .filter(event -> !event.getRecorded().toInstant().isBefore(since))
                    .forEach(found::add);
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            query = next == null ? null : next.getUrl().substring(next.getUrl().indexOf('?'));
        }
        return found;
    }

    private String patientOf(Target target) {
        return "Patient".equals(target.type())
                ? "Patient/" + target.id()
                : "AuditEvent".equals(target.type()) ? null : patient;
    }

    private String ownPatientOfB() {
        Patient own = new Patient();
        own.addGeneralPractitioner(new Reference(practiceB.getIdElement().toUnqualifiedVersionless()));
        own.addIdentifier(
                new Identifier().setSystem("https://test.example/patient").setValue(unique()));
        own.addName().setFamily("Eigen" + unique()).addGiven("Test");
        own.setGender(Enumerations.AdministrativeGender.MALE);
        return "Patient/"
                + gpB.client().create().resource(own).execute().getId().getIdPart();
    }

    private static ServiceRequest consult(String patient, Organization from, Organization to, String... attachments) {
        ServiceRequest consult = new ServiceRequest();
        consult.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        consult.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        consult.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "meekijkconsult", "Meekijkconsult")));
        consult.setCode(new CodeableConcept(new Coding(SNOMED, "183519002", "Referral to cardiology service")));
        consult.setSubject(new Reference(patient));
        consult.setRequester(new Reference(from.getIdElement().toUnqualifiedVersionless()));
        consult.addPerformer(new Reference(to.getIdElement().toUnqualifiedVersionless()));
        consult.addExtension(CONVERSION_ALLOWED, new BooleanType(true));
        consult.addNote().setText("Is dit ECG reden voor verwijzing?");
        for (String attachment : attachments) {
            consult.addSupportingInfo(new Reference(attachment));
        }
        return consult;
    }

    private static DocumentReference ecg(String patient) {
        DocumentReference document = new DocumentReference();
        document.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        document.setType(new CodeableConcept(new Coding("http://loinc.org", "11524-6", "EKG study")));
        document.setSubject(new Reference(patient));
        document.addContent()
                .setAttachment(new Attachment()
                        .setContentType("application/pdf")
                        .setTitle("ECG")
                        .setData(new byte[64]));
        return document;
    }

    private static Communication message(
            String consult, String patient, Organization from, Organization to, String kind) {
        Communication message = new Communication();
        message.setStatus(Communication.CommunicationStatus.COMPLETED);
        message.addBasedOn(new Reference(consult));
        message.setSubject(new Reference(patient));
        message.addCategory(
                new CodeableConcept(new Coding("https://hartketen.nl/fhir/CodeSystem/consult-message", kind, null)));
        message.setSender(new Reference(from.getIdElement().toUnqualifiedVersionless()));
        message.addRecipient(new Reference(to.getIdElement().toUnqualifiedVersionless()));
        message.setSent(new Date());
        message.addPayload().setContent(new StringType("Graag uw advies."));
        return message;
    }

    private Task task(String focus) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFocus(new Reference(focus));
        task.setFor(new Reference(patient));
        task.setOwner(new Reference(hospitalX.getIdElement().toUnqualifiedVersionless()));
        return task;
    }

    private static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }
}
