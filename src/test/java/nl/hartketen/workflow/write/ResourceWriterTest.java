package nl.hartketen.workflow.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.audit.ChainCheck;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.referral.ReferralNumber;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.testsupport.WritePipeline;
import nl.hartketen.workflow.mapping.TaskMapping;
import nl.hartketen.workflow.resource.ClasspathFiles;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.transaction.TransactionEntryFailure;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import nl.hartketen.workflow.types.Written;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write pipeline as a request drives it, without the server: {@link ResourceWriter} through the type handlers,
 * the chain's rules, the application services and the database, on the shipped HartNet network (GP practice De Linde
 * refers to the Martini). Payloads are FHIR JSON read by the strict parser; what is asserted is what was stored.
 * Each test has a patient of its own.
 */
class ResourceWriterTest {

    private static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
    private static final String AGB = "http://fhir.nl/fhir/NamingSystem/agb-z";
    private static final WritePipeline PIPELINE = WritePipeline.shared();
    private static Caller gp;
    private static Caller cardiologist;

    @BeforeAll
    static void hartNetAndItsPeople() {
        if (!PIPELINE.resources().exists("Organization", "hartnet")) {
            Bundle network = (Bundle) parse(ClasspathFiles.read("networks/hartnet-noord-nederland.json"));
            PIPELINE.inTransaction(
                    () -> PIPELINE.bean(TransactionProcessor.class).process(network, Caller.system()));
        }
        gp = new Caller(
                "gp-" + unique(),
                "Dr. De Linde",
                Role.GP,
                new Identifier(AGB, "01" + unique()),
                new Identifier(URA, "90002001"),
                practitioner("Huisarts"),
                "Organization/hap-de-linde",
                "127.0.0.1");
        cardiologist = new Caller(
                "cardiologist-" + unique(),
                "Dr. Martini",
                Role.CARDIOLOGIST,
                new Identifier(AGB, "01" + unique()),
                new Identifier(URA, "90001002"),
                practitioner("Cardioloog"),
                "Organization/martini",
                "127.0.0.1");
    }

    @Test
    void aGpsReferralIsStoredWithItsTaskEpisodePartiesAndOneAuditEntry() {
        String patient = patientOfDeLinde();

        String referral = create(gp, referral(patient, "")).reference();

        ServiceRequest stored = (ServiceRequest) read(referral);
        assertEquals(
                ReferralNumber.SYSTEM, stored.getIdentifierFirstRep().getSystem(), "the server numbered the referral");
        Task task = taskOf(referral);
        assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
        assertEquals("Organization/martini", task.getOwner().getReference());
        EpisodeOfCare episode = (EpisodeOfCare) single(search("EpisodeOfCare", "patient=" + patient));
        assertEquals(
                List.of(referral),
                episode.getReferralRequest().stream()
                        .map(Reference::getReference)
                        .toList());
        assertEquals("Organization/martini", episode.getManagingOrganization().getReference());
        AccessControl access = PIPELINE.bean(AccessControl.class);
        assertEquals(Set.of("Organization/hap-de-linde"), access.organizationsWith(referral, Relation.SENDER));
        assertEquals(Set.of("Organization/martini"), access.organizationsWith(referral, Relation.RECEIVER));
        assertTrue(
                access.organizationsWith(patient, Relation.INVOLVED).contains("Organization/martini"),
                "the hospital now sees the patient");
        AuditEvent entry = (AuditEvent) single(search("AuditEvent", "entity=" + referral));
        assertEquals("create", entry.getSubtypeFirstRep().getCode());
        assertEquals(gp.subject(), entry.getAgentFirstRep().getAltId());
        assertEquals(
                List.of(patient, referral),
                entry.getEntity().stream()
                        .map(entity -> entity.getWhat().getReference())
                        .toList());

        assertTrue(PIPELINE.bean(AuditLog.class).verify().unsealed() > 0, "written, not sealed yet");
        PIPELINE.sealAudit();
        ChainCheck sealed = PIPELINE.bean(AuditLog.class).verify();
        assertTrue(sealed.intact(), sealed.problem());
        assertEquals(0, sealed.unsealed(), "the sequencer sealed the entry");
    }

    /**
     * The episode's referral list grows with every request, but what is stored of the episode does not: each request
     * adds a link and a version, and every version reads back with the requests linked up to it.
     */
    @Test
    void anEpisodeShowsEveryRequestOfItsChainAtEachVersionWithoutGrowing() {
        String patient = patientOfDeLinde();
        List<String> referrals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            referrals.add(create(gp, referral(patient, "")).reference());
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 3; i++) {
            bundle.addEntry()
                    .setResource(parse(referral(patient, "")))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("ServiceRequest");
        }
        Bundle response = PIPELINE.inTransaction(
                () -> PIPELINE.bean(TransactionProcessor.class).process(bundle, gp));
        response.getEntry()
                .forEach(
                        entry -> referrals.add(entry.getResponse().getLocation().replaceAll("/_history/.*", "")));

        EpisodeOfCare episode = (EpisodeOfCare) single(search("EpisodeOfCare", "patient=" + patient));
        assertEquals(
                referrals,
                episode.getReferralRequest().stream()
                        .map(Reference::getReference)
                        .toList());
        assertEquals("7", episode.getMeta().getVersionId(), "a version per request");
        for (String referral : referrals) {
            assertEquals(
                    List.of(episode.getIdElement().toUnqualifiedVersionless().getValue()),
                    references(search("EpisodeOfCare", "incoming-referral=" + referral)));
        }
        String id = episode.getIdElement().getIdPart();
        EpisodeOfCare second = (EpisodeOfCare) PIPELINE.reader().read("EpisodeOfCare", id, 2, Caller.system());
        assertEquals(
                referrals.subList(0, 2),
                second.getReferralRequest().stream()
                        .map(Reference::getReference)
                        .toList());
        assertEquals(
                PIPELINE.resources().read("EpisodeOfCare", id, 1).content(),
                PIPELINE.resources().read("EpisodeOfCare", id).content(),
                "what is stored of the episode does not grow with its chain");
    }

    @Test
    void aReferralByAPracticeNotInvolvedWithThePatientIsRefusedAndWritesNothing() {
        String patient = patientOfDeLinde();
        Caller otherPractice = new Caller(
                "gp-" + unique(),
                "Dr. Oosterpoort",
                Role.GP,
                new Identifier(AGB, "01" + unique()),
                new Identifier(URA, "90002002"),
                practitioner("Huisarts"),
                "Organization/hap-oosterpoort",
                "127.0.0.1");

        AccessDenied refused =
                assertThrows(AccessDenied.class, () -> create(otherPractice, referral(patient, "", otherPractice)));

        assertTrue(refused.getMessage().contains("not involved with " + patient), refused.getMessage());
        assertNothingButThePatient(patient);
    }

    @Test
    void aReferralWithAnIdentifierInUseIsRefused() {
        String patient = patientOfDeLinde();
        String number = "urn:test:" + unique();
        String identifier = """
                "identifier": [{"system": "https://test.example/referral", "value": "%s"}],""".formatted(number);
        String first = create(gp, referral(patient, identifier)).reference();

        DuplicateReferral refused =
                assertThrows(DuplicateReferral.class, () -> create(gp, referral(patient, identifier)));

        assertEquals(number, refused.identifier().value());
        assertEquals(
                first,
                "ServiceRequest/" + refused.existingReferralId().orElseThrow(),
                "the GP may see the one that holds it");
        assertEquals(List.of(first), references(search("ServiceRequest", "patient=" + patient)));
        assertEquals(1, search("Task", "patient=" + patient).size(), "no Task of the refused referral");
        EpisodeOfCare episode = (EpisodeOfCare) single(search("EpisodeOfCare", "patient=" + patient));
        assertEquals(
                List.of(first),
                episode.getReferralRequest().stream()
                        .map(Reference::getReference)
                        .toList());
        assertEquals(1, search("AuditEvent", "entity=" + first).size(), "the first one's entry only");
    }

    @Test
    void aConditionalCreateOfAReferralThatExistsGivesThatOneBack() {
        String patient = patientOfDeLinde();
        Numbered referral = Numbered.of(patient);

        Written first = PIPELINE.inTransaction(
                () -> PIPELINE.writer().createIfNoneExist(parse(referral.json()), referral.ifNoneExist(), gp));
        Written again = PIPELINE.inTransaction(
                () -> PIPELINE.writer().createIfNoneExist(parse(referral.json()), referral.ifNoneExist(), gp));

        assertTrue(first.created());
        assertEquals(false, again.created());
        assertEquals(first.reference(), again.reference());
        assertEquals(List.of(first.reference()), references(search("ServiceRequest", "patient=" + patient)));
        assertEquals(
                List.of("C", "R"),
                search("AuditEvent", "entity=" + first.reference()).stream()
                        .map(entry -> ((AuditEvent) entry).getAction().toCode())
                        .sorted()
                        .toList(),
                "the create, then the match shown");
    }

    @Test
    void aTransactionSentAgainWithIfNoneExistFindsWhatItMadeTheFirstTime() {
        String patient = patientOfDeLinde();
        Numbered referral = Numbered.of(patient);

        Bundle first = transaction(conditionalReferral(referral));
        Bundle again = transaction(conditionalReferral(referral));

        assertEquals("201 Created", first.getEntryFirstRep().getResponse().getStatus());
        assertEquals("200 OK", again.getEntryFirstRep().getResponse().getStatus());
        String made = first.getEntryFirstRep().getFullUrl();
        assertEquals(made, again.getEntryFirstRep().getFullUrl());
        assertEquals(List.of(made), references(search("ServiceRequest", "patient=" + patient)));
        assertEquals(1, search("Task", "focus=" + made).size(), "one Task, made with the referral");
    }

    @Test
    void aReferralWithItsTaskSentAgainFindsBothInsteadOfOpeningASecondTask() {
        Numbered referral = Numbered.of(patientOfDeLinde());

        Bundle first = transaction(withItsTask(referral));
        Bundle again = transaction(withItsTask(referral));

        assertEquals(
                List.of("201 Created", "201 Created"),
                first.getEntry().stream().map(e -> e.getResponse().getStatus()).toList());
        assertEquals(
                List.of("200 OK", "200 OK"),
                again.getEntry().stream().map(e -> e.getResponse().getStatus()).toList());
        assertEquals(
                first.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getFullUrl)
                        .toList(),
                again.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getFullUrl)
                        .toList());
        assertEquals(
                1,
                search("Task", "focus=" + first.getEntryFirstRep().getFullUrl()).size());
    }

    /** The GP's system sends {@code bundle} as a transaction. */
    private static Bundle transaction(Bundle bundle) {
        return PIPELINE.inTransaction(
                () -> PIPELINE.bean(TransactionProcessor.class).process(bundle, gp));
    }

    /** The referral (conditional) and, after it, the Task the GP's system opens for it (not conditional). */
    private static Bundle withItsTask(Numbered referral) {
        Bundle bundle = conditionalReferral(referral);
        String request = bundle.getEntryFirstRep().getFullUrl();
        Task task = TaskMapping.newTaskFor(
                (ServiceRequest) bundle.getEntryFirstRep().getResource(), request, new java.util.Date());
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        return bundle;
    }

    @Test
    void anIfNoneExistInATransactionThatMatchesSeveralIsRefusedAtItsEntry() {
        String patient = patientOfDeLinde();
        Bundle bundle = conditionalReferral(new Numbered(referral(patient, ""), "ServiceRequest?patient=" + patient));
        create(gp, referral(patient, ""));
        create(gp, referral(patient, ""));

        PreconditionFailedException refused = assertThrows(
                PreconditionFailedException.class,
                () -> PIPELINE.inTransaction(
                        () -> PIPELINE.bean(TransactionProcessor.class).process(bundle, gp)));
        assertTrue(refused.getMessage().startsWith("Bundle.entry[0].request.ifNoneExist: "), refused.getMessage());
    }

    /** A referral with an identifier of its own, and the If-None-Exist that finds it. */
    private record Numbered(String json, String ifNoneExist) {
        static Numbered of(String patient) {
            String number = "urn:test:" + unique();
            return new Numbered(
                    referral(patient, """
                            "identifier": [{"system": "https://test.example/referral", "value": "%s"}],""".formatted(number)),
                    "ServiceRequest?identifier=https://test.example/referral|" + number);
        }
    }

    private static Bundle conditionalReferral(Numbered referral) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(parse(referral.json()))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest")
                .setIfNoneExist(referral.ifNoneExist());
        return bundle;
    }

    @Test
    void aResourceAgainstTheProfileIsRefusedAtTheElement() {
        String patient = patientOfDeLinde();
        String unknownCategory =
                referral(patient, "").replace("\"code\": \"referral\"", "\"code\": \"no-such-category\"");

        UnprocessableEntityException refused =
                assertThrows(UnprocessableEntityException.class, () -> create(gp, unknownCategory));

        OperationOutcome outcome = (OperationOutcome) refused.getOperationOutcome();
        assertTrue(
                outcome.getIssue().stream()
                        .allMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                                && issue.getExpression().get(0).getValue().equals("ServiceRequest.category[0]")),
                () -> PIPELINE.bean(FhirContext.class).newJsonParser().encodeResourceToString(outcome));
        assertTrue(
                outcome.getIssueFirstRep().getDiagnostics().contains("no-such-category"),
                outcome.getIssueFirstRep().getDiagnostics());
        assertNothingButThePatient(patient);
    }

    @Test
    void aTransactionWithARefusedEntryKeepsNothingOfTheEntriesBeforeIt() {
        String number = unique();
        String referral = referral("urn:uuid:2b1f0c4e-0000-4000-8000-000000000001", "")
                .replace("\"code\": \"referral\"", "\"code\": \"no-such-category\"");
        Bundle bundle = (Bundle) parse("""
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"fullUrl": "urn:uuid:2b1f0c4e-0000-4000-8000-000000000001",
                   "resource": {"resourceType": "Patient",
                                "identifier": [{"system": "https://test.example/patient", "value": "%s"}],
                                "name": [{"family": "Bundel"}],
                                "generalPractitioner": [{"reference": "Organization/hap-de-linde"}]},
                   "request": {"method": "POST", "url": "Patient"}},
                  {"resource": %s, "request": {"method": "POST", "url": "ServiceRequest"}}]}
                """.formatted(number, referral));

        TransactionEntryFailure refused = assertThrows(
                TransactionEntryFailure.class,
                () -> PIPELINE.inTransaction(
                        () -> PIPELINE.bean(TransactionProcessor.class).process(bundle, gp)));

        assertTrue(refused.getCause() instanceof UnprocessableEntityException, refused.toString());
        assertEquals(
                List.of(),
                search("Patient", "identifier=https://test.example/patient|" + number),
                "the patient written first is gone");
    }

    @Test
    void thePerformerAcceptsTheTaskAndTheSenderMayNot() {
        String referral = create(gp, referral(patientOfDeLinde(), "")).reference();
        Task task = taskOf(referral);

        Task accepted = task.copy().setStatus(Task.TaskStatus.ACCEPTED);
        AccessDenied refused = assertThrows(AccessDenied.class, () -> update(gp, accepted));
        assertTrue(
                refused.getMessage().contains("only the owner's organization may move this task to 'accepted'"),
                refused.getMessage());
        assertEquals(1, history(task).size(), "the refused move left no version");

        update(cardiologist, accepted);

        assertEquals(Task.TaskStatus.ACCEPTED, taskOf(referral).getStatus());
        assertEquals(2, history(task).size());
    }

    @Test
    void aBookedAppointmentMovesTheReferralsTaskOnceToAppointmentScheduled() {
        String patient = patientOfDeLinde();
        String referral = create(gp, referral(patient, "")).reference();
        Task task = taskOf(referral);

        create(cardiologist, """
                {"resourceType": "Appointment", "status": "booked",
                 "basedOn": [{"reference": "%s"}],
                 "start": "2026-03-09T10:00:00+01:00", "end": "2026-03-09T10:30:00+01:00",
                 "participant": [{"actor": {"reference": "%s"}, "status": "accepted"}]}
                """.formatted(referral, patient));

        Task moved = taskOf(referral);
        assertEquals(Task.TaskStatus.ACCEPTED, moved.getStatus(), "booking the appointment accepts the referral");
        assertEquals(
                "appointment-scheduled",
                moved.getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(2, history(task).size(), "one new version of the Task");
    }

    @Test
    void aBackReferralClosesTheReferralsTask() {
        String patient = patientOfDeLinde();
        String referral = create(gp, referral(patient, "")).reference();
        String letter = create(cardiologist, """
                {"resourceType": "DocumentReference", "status": "current",
                 "type": {"coding": [{"system": "http://loinc.org", "code": "18842-5", "display": "Discharge summary"}]},
                 "subject": {"reference": "%s"}, "date": "2026-03-20T12:00:00+01:00", "description": "Ontslagbrief",
                 "content": [{"attachment": {"contentType": "text/plain", "data": "SGVyc3RlbCBvbmdlY29tcGxpY2VlcmQu"}}]}
                """.formatted(patient)).reference();

        String back = create(cardiologist, """
                {"resourceType": "ServiceRequest", "status": "active", "intent": "order",
                 "category": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/request-category", "code": "back-referral"}]}],
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "306206005", "display": "Referral to service"}],
                          "text": "Terugverwijzing"},
                 "subject": {"reference": "%s"}, "requester": {"reference": "%s"},
                 "performer": [{"reference": "Organization/hap-de-linde"}],
                 "basedOn": [{"reference": "%s"}], "supportingInfo": [{"reference": "%s"}]}
                """.formatted(patient, cardiologist.practitioner(), referral, letter))
                .reference();

        Task closed = taskOf(referral);
        assertEquals(Task.TaskStatus.COMPLETED, closed.getStatus());
        assertEquals(
                "referred-back", closed.getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(back, ((Reference) closed.getOutputFirstRep().getValue()).getReference());
        EpisodeOfCare episode = (EpisodeOfCare) single(search("EpisodeOfCare", "patient=" + patient));
        assertEquals(
                EpisodeOfCare.EpisodeOfCareStatus.FINISHED, episode.getStatus(), "back with the GP: the episode ends");
    }

    // --- payloads, writes and read-back

    /** A new patient of De Linde, recorded by its GP. */
    private static String patientOfDeLinde() {
        return create(gp, """
                {"resourceType": "Patient",
                 "identifier": [{"system": "https://test.example/patient", "value": "%s"}],
                 "name": [{"family": "Keten", "given": ["Test"]}],
                 "gender": "female",
                 "generalPractitioner": [{"reference": "Organization/hap-de-linde"}]}
                """.formatted(unique())).reference();
    }

    private static String practitioner(String family) {
        return create(Caller.system(), """
                {"resourceType": "Practitioner",
                 "identifier": [{"system": "%s", "value": "01%s"}],
                 "name": [{"family": "%s"}]}
                """.formatted(AGB, unique(), family)).reference();
    }

    /** A referral from De Linde's GP to the Martini's outpatient cardiology; {@code identifier} a JSON member or "". */
    private static String referral(String patient, String identifier) {
        return referral(patient, identifier, gp);
    }

    private static String referral(String patient, String identifier, Caller requester) {
        return """
                {"resourceType": "ServiceRequest", %s
                 "status": "active", "intent": "order",
                 "category": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/request-category", "code": "referral"}]}],
                 "code": {"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/cardiology-service", "code": "outpatient-cardiology",
                                      "display": "Outpatient cardiology"}]},
                 "subject": {"reference": "%s"},
                 "requester": {"reference": "%s"},
                 "performer": [{"reference": "Organization/martini"}],
                 "reasonCode": [{"coding": [{"system": "http://snomed.info/sct", "code": "29857009", "display": "Chest pain"}]}]}
                """.formatted(identifier, patient, requester.practitioner());
    }

    private static Written create(Caller caller, String json) {
        Resource resource = parse(json);
        return PIPELINE.inTransaction(() -> PIPELINE.writer().create(resource, null, false, caller));
    }

    private static Written update(Caller caller, Resource resource) {
        Resource sent = resource.copy();
        sent.setMeta(null);
        return PIPELINE.inTransaction(
                () -> PIPELINE.writer().update(resource.getIdElement().getIdPart(), sent, null, false, caller));
    }

    private static Resource parse(String json) {
        return (Resource) PIPELINE.bean(FhirContext.class).newJsonParser().parseResource(json);
    }

    private static Resource read(String reference) {
        String[] parts = reference.split("/");
        return PIPELINE.bean(ResourceCodec.class).decode(PIPELINE.resources().read(parts[0], parts[1]));
    }

    private static List<?> history(Resource resource) {
        return PIPELINE.resources()
                .history(resource.fhirType(), resource.getIdElement().getIdPart());
    }

    /** Everything stored that matches, whoever may see it. */
    private static List<Resource> search(String type, String query) {
        return PIPELINE.reader().search(PIPELINE.query(type, query), 100);
    }

    private static Task taskOf(String request) {
        return (Task) single(search("Task", "focus=" + request));
    }

    /** Of a refused write nothing is kept: the patient has no request, Task or episode, and only its own audit entry. */
    private static void assertNothingButThePatient(String patient) {
        for (String type : List.of("ServiceRequest", "Task", "EpisodeOfCare")) {
            assertEquals(List.of(), search(type, "patient=" + patient), type);
        }
        assertEquals(1, search("AuditEvent", "patient=" + patient).size(), "the patient's creation only");
    }

    private static List<String> references(List<Resource> resources) {
        return resources.stream()
                .map(resource ->
                        resource.getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
    }

    private static Resource single(List<Resource> found) {
        assertEquals(1, found.size(), () -> "exactly one: " + references(found));
        return found.get(0);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
