package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Meekijkconsult and telediagnostics through the FHIR API: the GP asks with an attachment, the cardiologist asks for
 * more, the GP answers, the cardiologist answers, the GP closes; conversion into a referral allowed and not allowed;
 * a report for a telediagnostics request; the response target in the cardiologists' worklist; attachment limits.
 */
abstract class ConsultTests extends ContainerTest {

    private static final String CONVERSION_ALLOWED = "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed";
    private static final String MESSAGE = "https://hartketen.nl/fhir/CodeSystem/consult-message";

    private Parties parties;

    @BeforeEach
    void partiesForOneConsult() {
        parties = newParties();
    }

    private ServiceRequest consult(boolean conversionAllowed, Reference... attachments) {
        ServiceRequest consult = referral(parties);
        consult.getCategoryFirstRep()
                .getCodingFirstRep()
                .setCode("meekijkconsult")
                .setDisplay("Meekijkconsult");
        consult.addExtension(CONVERSION_ALLOWED, new BooleanType(conversionAllowed));
        consult.addNote().setText("Is dit ECG reden voor verwijzing? Klachten bij inspanning, geen rustpijn.");
        for (Reference attachment : attachments) {
            consult.addSupportingInfo(attachment);
        }
        return consult;
    }

    private Reference ecg(int bytes) {
        DocumentReference document = new DocumentReference();
        document.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        document.setType(new CodeableConcept(new Coding("http://loinc.org", "11524-6", "EKG study")));
        document.setSubject(new Reference(parties.patient().getIdElement().toUnqualifiedVersionless()));
        document.addContent()
                .setAttachment(new Attachment()
                        .setContentType("application/pdf")
                        .setTitle("ECG 12-afleidingen")
                        .setData(new byte[bytes]));
        DocumentReference stored =
                (DocumentReference) fhir.create().resource(document).execute().getResource();
        return new Reference(stored.getIdElement().toUnqualifiedVersionless());
    }

    private Communication message(
            ServiceRequest consult,
            String kind,
            String text,
            Reference from,
            Reference to,
            Communication inResponseTo) {
        Communication message = new Communication();
        message.setStatus(Communication.CommunicationStatus.COMPLETED);
        message.addBasedOn(new Reference(consult.getIdElement().toUnqualifiedVersionless()));
        message.setSubject(consult.getSubject().copy());
        message.addCategory(new CodeableConcept(new Coding(MESSAGE, kind, null)));
        message.setSender(from);
        message.addRecipient(to);
        message.setSent(new Date());
        message.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(text));
        if (inResponseTo != null) {
            message.addInResponseTo(new Reference(inResponseTo.getIdElement().toUnqualifiedVersionless()));
        }
        return message;
    }

    private Reference gpPractice() {
        return new Reference(practice.getIdElement().toUnqualifiedVersionless());
    }

    private Reference hospitalOrganization() {
        return new Reference(parties.hospital().getIdElement().toUnqualifiedVersionless());
    }

    private static String step(Task task) {
        return task.getBusinessStatus().getCodingFirstRep().getCode();
    }

    @Test
    void theWholeConversationFromQuestionToClosed() throws Exception {
        Reference ecg = ecg(2048);
        ServiceRequest consult = (ServiceRequest)
                fhir.create().resource(consult(false, ecg)).execute().getResource();
        Task task = taskOf(consult);
        assertEquals("awaiting-answer", step(task));
        Instant due = task.getRestriction().getPeriod().getEnd().toInstant();
        assertTrue(
                due.isAfter(Instant.now().plus(2, ChronoUnit.DAYS))
                        && due.isBefore(Instant.now().plus(8, ChronoUnit.DAYS)),
                "an answer is due after 3 working days: " + due);
        assertEquals(
                2048,
                hospital.read()
                        .resource(DocumentReference.class)
                        .withId(ecg.getReferenceElement())
                        .execute()
                        .getContentFirstRep()
                        .getAttachment()
                        .getData()
                        .length,
                "the hospital asked sees the attachment");

        Communication needMore = (Communication) hospital.create()
                .resource(message(
                        consult,
                        "information-request",
                        "Graag de medicatielijst en de bloeddruk.",
                        hospitalOrganization(),
                        gpPractice(),
                        null))
                .execute()
                .getResource();
        Task inHand = taskOf(consult);
        assertEquals("awaiting-gp-information", step(inHand));
        assertEquals(Task.TaskStatus.INPROGRESS, inHand.getStatus(), "the hospital has the consult in hand");
        assertEquals(
                Integer.parseInt(task.getMeta().getVersionId()) + 1,
                Integer.parseInt(inHand.getMeta().getVersionId()),
                "received, accepted and in progress in one version of the Task");
        HttpResponse<String> events = sendTo(
                application("/api/referrals/" + consult.getIdElement().getIdPart() + "/events"),
                gpToken,
                "GET",
                null,
                null);
        assertEquals(200, events.statusCode(), events.body());
        for (String step : List.of("\"RECEIVED\"", "\"ACCEPTED\"", "\"IN_PROGRESS\"", "\"awaiting-gp-information\"")) {
            assertTrue(
                    events.body().contains(step),
                    "the referral's history keeps each move: " + step + " in " + events.body());
        }
        Communication information = (Communication) fhir.create()
                .resource(message(
                        consult,
                        "information",
                        "Metoprolol 50 mg; RR 145/90.",
                        gpPractice(),
                        hospitalOrganization(),
                        needMore))
                .execute()
                .getResource();
        assertEquals("awaiting-answer", step(taskOf(consult)));
        hospital.create()
                .resource(message(
                        consult,
                        "answer",
                        "Geen acute ischemie; inspanningstest aangevraagd via telediagnostiek.",
                        hospitalOrganization(),
                        gpPractice(),
                        information))
                .execute();
        Task answered = taskOf(consult);
        assertEquals("answered", step(answered));
        assertEquals(Task.TaskStatus.INPROGRESS, answered.getStatus());

        Bundle conversation = fhir.search()
                .byUrl("Communication?based-on=ServiceRequest/"
                        + consult.getIdElement().getIdPart() + "&_sort=_lastUpdated")
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(3, conversation.getTotal(), "the GP sees the whole conversation");
        assertEquals(
                3,
                hospital.search()
                        .byUrl("Communication?based-on=ServiceRequest/"
                                + consult.getIdElement().getIdPart())
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal(),
                "and so does the hospital");
        IGenericClient otherHospital = clientAs(cardiologistAt(newOrganization("Ander ziekenhuis " + unique())));
        assertEquals(
                0,
                otherHospital
                        .search()
                        .byUrl("Communication?based-on=ServiceRequest/"
                                + consult.getIdElement().getIdPart())
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal(),
                "nobody else");
        expect(
                ForbiddenOperationException.class,
                () -> otherHospital
                        .read()
                        .resource(Communication.class)
                        .withId(needMore.getIdElement())
                        .execute());

        UnprocessableEntityException wrongWay = expect(
                UnprocessableEntityException.class,
                () -> fhir.create()
                        .resource(message(
                                consult,
                                "answer",
                                "Ik beantwoord mijn eigen vraag",
                                gpPractice(),
                                hospitalOrganization(),
                                null))
                        .execute());
        assertTrue(
                diagnostics(wrongWay.getOperationOutcome()).contains("cannot send a message of kind answer"),
                diagnostics(wrongWay.getOperationOutcome()));

        ServiceRequest done = fhir.read()
                .resource(ServiceRequest.class)
                .withId(consult.getIdElement().toUnqualifiedVersionless())
                .execute();
        done.setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED);
        fhir.update().resource(done).execute();
        Task closed = taskOf(consult);
        assertEquals("closed", step(closed));
        assertEquals(Task.TaskStatus.COMPLETED, closed.getStatus());
        expect(
                ResourceVersionConflictException.class,
                () -> fhir.create()
                        .resource(message(
                                consult, "question", "Nog een vraag", gpPractice(), hospitalOrganization(), null))
                        .execute());
    }

    @Test
    void aConsultTheGpDidNotAllowToConvertAdvisesAReferralInstead() {
        ServiceRequest consult = (ServiceRequest)
                fhir.create().resource(consult(false)).execute().getResource();
        UnprocessableEntityException refused = expect(
                UnprocessableEntityException.class,
                () -> hospital.operation()
                        .onInstance(consult.getIdElement().toUnqualifiedVersionless())
                        .named("$convert-to-referral")
                        .withNoParameters(Parameters.class)
                        .returnResourceType(ServiceRequest.class)
                        .execute());
        assertTrue(
                diagnostics(refused.getOperationOutcome()).contains("did not allow"),
                diagnostics(refused.getOperationOutcome()));
        assertEquals("advises-referral", step(taskOf(consult)));
        assertEquals(
                0,
                fhir.search()
                        .byUrl("ServiceRequest?based-on=ServiceRequest/"
                                + consult.getIdElement().getIdPart())
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal(),
                "no referral was made");
    }

    @Test
    void aConsultTheGpAllowedToConvertBecomesTheirReferral() {
        Reference ecg = ecg(512);
        ServiceRequest consult = (ServiceRequest)
                fhir.create().resource(consult(true, ecg)).execute().getResource();
        expect(
                UnprocessableEntityException.class,
                () -> fhir.operation()
                        .onInstance(consult.getIdElement().toUnqualifiedVersionless())
                        .named("$convert-to-referral")
                        .withNoParameters(Parameters.class)
                        .returnResourceType(ServiceRequest.class)
                        .execute());

        ServiceRequest referral = hospital.operation()
                .onInstance(consult.getIdElement().toUnqualifiedVersionless())
                .named("$convert-to-referral")
                .withNoParameters(Parameters.class)
                .returnResourceType(ServiceRequest.class)
                .execute();
        assertEquals(
                "referral", referral.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals(
                "ServiceRequest/" + consult.getIdElement().getIdPart(),
                referral.getBasedOnFirstRep().getReference());
        assertEquals(consult.getSubject().getReference(), referral.getSubject().getReference());
        assertEquals(
                consult.getRequester().getReference(),
                referral.getRequester().getReference(),
                "the GP stays the sender");
        assertEquals(
                consult.getPerformerFirstRep().getReference(),
                referral.getPerformerFirstRep().getReference());
        assertEquals(
                "29857009", referral.getReasonCodeFirstRep().getCodingFirstRep().getCode());
        assertEquals(
                consult.getNoteFirstRep().getText(), referral.getNoteFirstRep().getText());
        assertEquals(ecg.getReference(), referral.getSupportingInfoFirstRep().getReference());
        assertTrue(referral.getIdentifierFirstRep().hasValue(), "the referral got its own referral number");

        Task consultTask = taskOf(consult);
        assertEquals("converted", step(consultTask));
        assertEquals(Task.TaskStatus.COMPLETED, consultTask.getStatus());
        assertEquals(
                "ServiceRequest/" + referral.getIdElement().getIdPart(),
                ((Reference) consultTask.getOutputFirstRep().getValue()).getReference());
        Task referralTask = taskOf(referral);
        assertEquals(
                Task.TaskStatus.REQUESTED, referralTask.getStatus(), "the referral has its own task, as any referral");
        assertEquals(
                parties.hospital().getIdElement().toUnqualifiedVersionless().getValue(),
                referralTask.getOwner().getReference());
        expect(
                ResourceVersionConflictException.class,
                () -> hospital.operation()
                        .onInstance(consult.getIdElement().toUnqualifiedVersionless())
                        .named("$convert-to-referral")
                        .withNoParameters(Parameters.class)
                        .returnResourceType(ServiceRequest.class)
                        .execute());
    }

    @Test
    void aConsultSaysWhetherItMayBeConvertedAndAsksItsQuestion() {
        ServiceRequest silent = consult(true);
        silent.getExtension().clear();
        UnprocessableEntityException noSay = expect(
                UnprocessableEntityException.class,
                () -> fhir.create().resource(silent).execute());
        assertTrue(
                diagnostics(noSay.getOperationOutcome()).contains(CONVERSION_ALLOWED),
                diagnostics(noSay.getOperationOutcome()));
        ServiceRequest mute = consult(true);
        mute.getNote().clear();
        UnprocessableEntityException noQuestion = expect(
                UnprocessableEntityException.class,
                () -> fhir.create().resource(mute).execute());
        assertEquals(
                "ServiceRequest.note",
                ((OperationOutcome) noQuestion.getOperationOutcome())
                        .getIssueFirstRep()
                        .getExpression()
                        .get(0)
                        .getValue());
    }

    @Test
    void anAttachmentOverTheLimitIsRefusedWith413AndNothingIsStored() throws Exception {
        DocumentReference document = new DocumentReference();
        document.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        document.setSubject(new Reference(parties.patient().getIdElement().toUnqualifiedVersionless()));
        document.addContent()
                .setAttachment(new Attachment()
                        .setContentType("application/pdf")
                        .setTitle("Holter 24 uur")
                        .setData(new byte[5 * 1024 * 1024 + 1]));
        HttpResponse<String> response = send(
                "POST", "/DocumentReference", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(document));
        assertEquals(413, response.statusCode(), response.body());
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertTrue(
                outcome.getIssueFirstRep().getDiagnostics().contains("Holter 24 uur"),
                outcome.getIssueFirstRep().getDiagnostics());
        assertEquals(
                0,
                fhir.search()
                        .byUrl("DocumentReference?patient="
                                + parties.patient()
                                        .getIdElement()
                                        .toUnqualifiedVersionless()
                                        .getValue())
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal());
    }

    @Test
    void aTelediagnosticsRequestIsAnsweredByTheHospitalsReport() {
        ServiceRequest echo = referral(parties);
        echo.getCategoryFirstRep()
                .getCodingFirstRep()
                .setCode("telediagnostics")
                .setDisplay("Telediagnostics");
        echo.setCode(new CodeableConcept(new Coding(SNOMED, "40701008", "Echocardiography")));
        ServiceRequest requested =
                (ServiceRequest) fhir.create().resource(echo).execute().getResource();

        DiagnosticReport report = new DiagnosticReport();
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.addBasedOn(new Reference(requested.getIdElement().toUnqualifiedVersionless()));
        report.setSubject(requested.getSubject().copy());
        report.setCode(echo.getCode().copy());
        report.setIssued(new Date());
        report.setConclusion("Goede LV-functie, geen klepafwijkingen.");
        report.addPresentedForm(new Attachment()
                .setContentType("application/pdf")
                .setTitle("Echoverslag")
                .setData("%PDF-1.4 echo".getBytes(StandardCharsets.US_ASCII)));
        expect(
                ForbiddenOperationException.class,
                () -> fhir.create().resource(report).execute());
        DiagnosticReport stored =
                (DiagnosticReport) hospital.create().resource(report).execute().getResource();

        Task task = taskOf(requested);
        assertEquals(Task.TaskStatus.COMPLETED, task.getStatus());
        assertEquals("reported", step(task));
        assertEquals(
                "DiagnosticReport/" + stored.getIdElement().getIdPart(),
                ((Reference) task.getOutputFirstRep().getValue()).getReference());
        assertEquals(
                "Goede LV-functie, geen klepafwijkingen.",
                fhir.read()
                        .resource(DiagnosticReport.class)
                        .withId(stored.getIdElement().toUnqualifiedVersionless())
                        .execute()
                        .getConclusion(),
                "the GP reads the report");
    }

    @Test
    void aConsultPastItsTargetIsInTheCardiologistsWorklist() {
        ServiceRequest old = consult(false);
        old.setAuthoredOn(Date.from(Instant.now().minus(10, ChronoUnit.DAYS)));
        ServiceRequest late =
                (ServiceRequest) fhir.create().resource(old).execute().getResource();
        ServiceRequest fresh = (ServiceRequest)
                fhir.create().resource(consult(false)).execute().getResource();

        String owner =
                parties.hospital().getIdElement().toUnqualifiedVersionless().getValue();
        Bundle overdue = hospital.search()
                .byUrl("Task?owner=" + owner + "&business-status=awaiting-answer&due=lt" + Instant.now())
                .returnBundle(Bundle.class)
                .execute();
        List<String> focus = overdue.getEntry().stream()
                .map(entry -> ((Task) entry.getResource()).getFocus().getReference())
                .toList();
        assertEquals(List.of("ServiceRequest/" + late.getIdElement().getIdPart()), focus);
        assertFalse(focus.contains("ServiceRequest/" + fresh.getIdElement().getIdPart()));
    }
}
