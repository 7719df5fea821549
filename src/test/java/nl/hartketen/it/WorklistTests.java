package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three worklists over HTTP (docs/worklists.md): the hospital's intake ordered past the Treeknorm first, then by
 * priority; its consults with their due time; the GP's list with what the GP must do first; each of the caller's own
 * organization only; bad parameters refused by name.
 */
abstract class WorklistTests extends ContainerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Parties parties;

    @BeforeEach
    void partiesForTheLists() {
        parties = newParties();
    }

    private ServiceRequest send(ServiceRequest.ServiceRequestPriority priority, int daysAgo) {
        ServiceRequest request = referral(parties);
        if (priority != null) {
            request.setPriority(priority);
        }
        request.setAuthoredOn(Date.from(Instant.now().minus(daysAgo, ChronoUnit.DAYS)));
        return (ServiceRequest) fhir.create().resource(request).execute().getResource();
    }

    private ServiceRequest consult() {
        ServiceRequest consult = referral(parties);
        consult.getCategoryFirstRep()
                .getCodingFirstRep()
                .setCode("meekijkconsult")
                .setDisplay("Meekijkconsult");
        consult.addExtension(
                "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed", new BooleanType(false));
        consult.addNote().setText("Is dit ECG reden voor verwijzing?");
        return (ServiceRequest) fhir.create().resource(consult).execute().getResource();
    }

    private void answer(ServiceRequest consult) {
        Communication answer = new Communication();
        answer.setStatus(Communication.CommunicationStatus.COMPLETED);
        answer.addBasedOn(new Reference(consult.getIdElement().toUnqualifiedVersionless()));
        answer.setSubject(consult.getSubject().copy());
        answer.addCategory(new CodeableConcept(
                new Coding("https://hartketen.nl/fhir/CodeSystem/consult-message", "answer", null)));
        answer.setSender(new Reference(parties.hospital().getIdElement().toUnqualifiedVersionless()));
        answer.addRecipient(new Reference(practice.getIdElement().toUnqualifiedVersionless()));
        answer.setSent(new Date());
        answer.addPayload().setContent(new StringType("Geen acute ischemie."));
        hospital.create().resource(answer).execute();
    }

    private HttpResponse<String> get(String token, String list) throws Exception {
        return sendTo(application("/api/worklists/" + list), token, "GET", null, null);
    }

    private JsonNode list(String token, String list) throws Exception {
        HttpResponse<String> response = get(token, list);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String id(ServiceRequest request) {
        return "ServiceRequest/" + request.getIdElement().getIdPart();
    }

    /** Calendar days in Europe/Amsterdam since the request was sent, as waits are counted. */
    private static int daysSince(ServiceRequest request) {
        ZoneId amsterdam = ZoneId.of("Europe/Amsterdam");
        return (int) ChronoUnit.DAYS.between(
                request.getAuthoredOn().toInstant().atZone(amsterdam).toLocalDate(), LocalDate.now(amsterdam));
    }

    private static List<String> requests(JsonNode list) {
        List<String> requests = new ArrayList<>();
        list.get("items").forEach(item -> requests.add(item.get("request").asText()));
        return requests;
    }

    private static JsonNode item(JsonNode list, ServiceRequest request) {
        for (JsonNode item : list.get("items")) {
            if (item.get("request").asText().equals(id(request))) {
                return item;
            }
        }
        throw new AssertionError(id(request) + " is not in " + list);
    }

    @Test
    void intakeListsThosePastTheNormFirstThenByPriority() throws Exception {
        ServiceRequest pastMaximum = send(null, 40);
        ServiceRequest pastTarget = send(ServiceRequest.ServiceRequestPriority.ROUTINE, 25);
        ServiceRequest urgent = send(ServiceRequest.ServiceRequestPriority.URGENT, 0);
        ServiceRequest routine = send(ServiceRequest.ServiceRequestPriority.ROUTINE, 2);
        ServiceRequest stat = send(ServiceRequest.ServiceRequestPriority.STAT, 1);
        Task accepted = taskOf(send(ServiceRequest.ServiceRequestPriority.STAT, 30));
        accepted.setStatus(Task.TaskStatus.ACCEPTED);
        hospital.update().resource(accepted).execute();

        JsonNode intake = list(hospitalToken, "intake");
        assertEquals(
                List.of(id(pastMaximum), id(pastTarget), id(stat), id(urgent), id(routine)),
                requests(intake),
                "past the maximum, past the target, then stat, urgent, routine; the accepted one is not new");
        JsonNode oldest = item(intake, pastMaximum);
        assertEquals(daysSince(pastMaximum), oldest.get("daysWaiting").asInt());
        assertEquals("past-maximum", oldest.get("norm").asText());
        assertEquals(21, oldest.get("treeknorm").get("targetDays").asInt());
        assertEquals(28, oldest.get("treeknorm").get("maximumDays").asInt());
        assertEquals("past-target", item(intake, pastTarget).get("norm").asText());
        assertEquals("within", item(intake, urgent).get("norm").asText());
        assertEquals("accept-or-reject", oldest.get("action").asText());
        assertEquals("Accept or reject the referral", oldest.get("actionText").asText());
        assertEquals(
                "Patient/" + parties.patient().getIdElement().getIdPart(),
                oldest.get("patient").asText());
        assertTrue(oldest.get("task").asText().startsWith("Task/"), oldest.toString());
        assertEquals("requested", oldest.get("taskStatus").asText());

        JsonNode page = JSON.readTree(
                sendTo(application("/api/worklists/intake?limit=2&offset=1"), hospitalToken, "GET", null, null)
                        .body());
        assertEquals(List.of(id(pastTarget), id(stat)), requests(page));
        assertTrue(page.get("more").asBoolean());

        String otherHospital = cardiologistAt(newOrganization("Ander ziekenhuis " + unique()));
        assertEquals(0, list(otherHospital, "intake").get("items").size(), "another hospital sees none of them");
        assertEquals(403, get(gpToken, "intake").statusCode(), "the intake is the hospital's");
    }

    @Test
    void consultsWaitingForAnAnswerCarryTheirDueTime() throws Exception {
        ServiceRequest consult = consult();
        ServiceRequest referral = send(null, 0);

        JsonNode consults = list(hospitalToken, "consults");
        assertEquals(List.of(id(consult)), requests(consults), "consults only, not the referral");
        JsonNode item = item(consults, consult);
        Instant due = taskOf(consult).getRestriction().getPeriod().getEnd().toInstant();
        assertEquals(due, Instant.parse(item.get("dueAt").asText()), "the due time the consult's Task shows");
        assertFalse(item.get("overdue").asBoolean());
        assertEquals("answer", item.get("action").asText());
        assertEquals("awaiting-answer", item.get("businessStatus").asText());

        answer(consult);
        assertEquals(0, list(hospitalToken, "consults").get("items").size(), "answered: off the list");
        JsonNode gp = list(gpToken, "gp");
        assertEquals(List.of(id(consult), id(referral)), requests(gp), "what the GP must do first");
        assertEquals("read-answer", item(gp, consult).get("action").asText());
        assertTrue(item(gp, consult).get("needsAction").asBoolean());
        assertEquals("await-acceptance", item(gp, referral).get("action").asText());
    }

    @Test
    void theGpSeesWhatToDoFirstAndOtherPracticesSeeNothing() throws Exception {
        ServiceRequest waiting = send(null, 10);
        ServiceRequest inHand = send(null, 20);
        ServiceRequest rejected = send(null, 5);
        Task accept = taskOf(inHand);
        accept.setStatus(Task.TaskStatus.ACCEPTED);
        hospital.update().resource(accept).execute();
        Task reject = taskOf(rejected);
        reject.setStatus(Task.TaskStatus.REJECTED);
        reject.setStatusReason(new CodeableConcept().setText("Geen cardiologische indicatie"));
        hospital.update().resource(reject).execute();

        JsonNode gp = list(gpToken, "gp");
        assertEquals(List.of(id(rejected), id(inHand), id(waiting)), requests(gp));
        assertEquals("act-on-rejection", item(gp, rejected).get("action").asText());
        assertEquals(
                "Read why it was rejected, then refer elsewhere or withdraw the request",
                item(gp, rejected).get("actionText").asText());
        assertEquals("await-hospital", item(gp, inHand).get("action").asText());
        assertEquals(daysSince(inHand), item(gp, inHand).get("daysWaiting").asInt());
        assertEquals("accepted", item(gp, inHand).get("taskStatus").asText());

        String otherPractice = Tokens.token(
                "gp",
                newPractitioner("Ander" + unique()).getIdentifierFirstRep().getValue(),
                ura(newOrganization("Andere praktijk " + unique())));
        assertEquals(0, list(otherPractice, "gp").get("items").size(), "another practice sees none of them");
        assertEquals(403, get(hospitalToken, "gp").statusCode(), "the GP list is the GP's");
        assertEquals(403, get(adminToken, "consults").statusCode(), "administrators see no patient data");
    }

    @Test
    void badParametersAreRefusedByName() throws Exception {
        for (String[] bad : List.of(
                new String[] {"limit=0", "limit must be a whole number from 1 to 200, not '0'"},
                new String[] {"limit=201", "limit must be a whole number from 1 to 200"},
                new String[] {"offset=abc", "offset must be a whole number from 0 to 1000, not 'abc'"})) {
            HttpResponse<String> response =
                    sendTo(application("/api/worklists/intake?" + bad[0]), hospitalToken, "GET", null, null);
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(response.body().contains(bad[1]), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
        }
    }

    @Test
    void theListsAreInTheOpenApiDocument() throws Exception {
        HttpResponse<String> openapi = sendTo(
                java.net.URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/openapi"),
                null,
                "GET",
                null,
                null);
        assertEquals(200, openapi.statusCode());
        for (String path : List.of("/worklists/gp", "/worklists/intake", "/worklists/consults")) {
            assertTrue(openapi.body().contains(path), path + " in " + openapi.body());
        }
    }
}
