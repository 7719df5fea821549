package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting-time report through the API on referrals whose waits are known: three seen at Martini in March 2025
 * after 10, 20 and 30 days, one still waiting. No other test writes waits that end in March 2025.
 */
abstract class ReportsTests extends ContainerTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";
    private static final String MARCH_2025 = "from=2025-03-01&to=2025-03-31";

    private IGenericClient deLinde;
    private Practitioner deLindeGp;
    private IGenericClient martini;

    @BeforeEach
    void joinHartNet() {
        deLindeGp = newPractitioner("Gp" + unique());
        deLinde = clientAs(Tokens.token("gp", deLindeGp.getIdentifierFirstRep().getValue(), "90002001"));
        martini = clientAs(Tokens.token("cardiologist", "01" + unique(), "90001002"));
    }

    @Test
    void theReportGivesTheKnownWaitsAgainstTheTreeknormAndTheSameAsCsv() throws Exception {
        seen("2025-03-01T09:00", "2025-03-11T10:00");   // 10 days
        seen("2025-03-01T16:00", "2025-03-21T08:30");   // 20 days
        seen("2025-02-28T23:30", "2025-03-30T09:00");   // 30 days (the clocks went forward on 30 March)
        int waitingBefore = martiniRow(report("organization=martini&groupBy=organization&" + MARCH_2025)).path("waitingNow").asInt();
        referral("2025-03-02T09:00");                   // still waiting

        JsonNode body = report("organization=martini&groupBy=organization&" + MARCH_2025);

        assertEquals("access", body.get("measure").asText());
        assertEquals(21, body.get("norm").get("targetDays").asInt());
        JsonNode martiniRow = martiniRow(body);
        assertEquals(3, martiniRow.get("count").asInt());
        assertEquals(List.of(20, 30, 30, 30), List.of(martiniRow.get("p50").asInt(), martiniRow.get("p80").asInt(),
                martiniRow.get("p90").asInt(), martiniRow.get("max").asInt()), "nearest rank: p50 = 2nd of 3, p80 and p90 = 3rd");
        assertEquals(20.0, martiniRow.get("mean").asDouble());
        assertEquals(0.667, martiniRow.get("withinTarget").asDouble(), "10 and 20 days are within 3 weeks");
        assertEquals(0.667, martiniRow.get("withinMaximum").asDouble(), "30 days is over 4 weeks");
        assertEquals(waitingBefore + 1, martiniRow.get("waitingNow").asInt());
        assertTrue(martiniRow.get("longestWaitingDays").asInt() >= 600, "waiting since 2 March 2025");

        JsonNode byCarePath = report("organization=martini&groupBy=organization,care-path&" + MARCH_2025);
        JsonNode chestPain = rows(byCarePath).stream().filter(row -> "chest-pain".equals(row.path("carePath").asText())).findFirst().orElseThrow();
        assertEquals(3, chestPain.get("count").asInt(), "the referrals' episodes are on the chest-pain care path");
        JsonNode byMonth = report("organization=martini&groupBy=month&" + MARCH_2025);
        assertEquals("2025-03", rows(byMonth).get(0).get("month").asText());
        assertTrue(rows(byMonth).get(0).get("waitingNow").isNull(), "the waiting list has no month");

        HttpResponse<String> csv = get("/api/reports/waiting-times?organization=martini&groupBy=organization&" + MARCH_2025, coordinatorToken(),
                "Accept", "text/csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals('\uFEFF', lines[0].charAt(0), "a byte-order mark, so Excel reads UTF-8");
        assertEquals("organization;organizationName;count;p50;p80;p90;max;mean;withinTarget;withinMaximum;waitingNow;longestWaitingDays",
                lines[0].substring(1));
        String martiniLine = List.of(lines).stream().filter(line -> line.startsWith("Organization/martini;")).findFirst().orElseThrow();
        assertTrue(martiniLine.matches("Organization/martini;[^;]*;3;20;30;30;30;20,0;0,667;0,667;" + (waitingBefore + 1) + ";\\d+"), martiniLine);
    }

    @Test
    void onlyTheNetworksCoordinatorsAndAdministratorsGetTheReport() throws Exception {
        assertEquals(403, get("/api/reports/waiting-times?network=hartnet", Tokens.token("gp", "01" + unique(), "90002001")).statusCode());
        Map<String, Object> other = Tokens.claims("coordinator", null, null);
        other.put("organization_identifier", "https://hartketen.nl/fhir/NamingSystem/network|cardionovo-plus");
        assertEquals(403, get("/api/reports/waiting-times?network=hartnet", Tokens.signed(other)).statusCode());
        assertEquals(200, get("/api/reports/waiting-times?network=hartnet", adminToken).statusCode());
        HttpResponse<String> unknown = get("/api/reports/waiting-times?measure=speed", coordinatorToken());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("access, diagnostics, treatment, consult-response"), unknown.body());
        assertEquals(400, get("/api/reports/waiting-times?organization=umcg-not-a-member", coordinatorToken()).statusCode());
        assertEquals(400, get("/api/reports/waiting-times?from=2025-04-01&to=2025-03-01", coordinatorToken()).statusCode());
    }

    private String reference(org.hl7.fhir.r4.model.Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    private ServiceRequest referral(String authoredLocal) {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference("Organization/hap-de-linde"));
        patient.addIdentifier().setSystem("https://test.example/patient").setValue(unique());
        patient.addName().setFamily("Wacht" + unique());
        patient = (Patient) deLinde.create().resource(patient).execute().getResource();
        ServiceRequest request = referral(patient, deLindeGp, shipped("martini"));
        request.setCode(new CodeableConcept(new Coding(SERVICE, "outpatient-cardiology", "Outpatient cardiology")));
        request.setAuthoredOn(at(authoredLocal));
        return (ServiceRequest) deLinde.create().resource(request).execute().getResource();
    }

    private void seen(String authoredLocal, String visitLocal) {
        ServiceRequest referral = referral(authoredLocal);
        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.FULFILLED);
        appointment.addBasedOn(new Reference(reference(referral)));
        appointment.setStart(at(visitLocal));
        appointment.setEnd(new Date(at(visitLocal).getTime() + 1_800_000L));
        appointment.addParticipant().setActor(referral.getSubject()).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        martini.create().resource(appointment).execute();
    }

    private static org.hl7.fhir.r4.model.Organization shipped(String id) {
        org.hl7.fhir.r4.model.Organization organization = new org.hl7.fhir.r4.model.Organization();
        organization.setId("Organization/" + id);
        return organization;
    }

    private static Date at(String local) {
        return Date.from(LocalDateTime.parse(local).atZone(AMSTERDAM).toInstant());
    }

    private String coordinatorToken() {
        Map<String, Object> claims = Tokens.claims("coordinator", null, null);
        claims.put("organization_identifier", "https://hartketen.nl/fhir/NamingSystem/network|hartnet-noord-nederland");
        return Tokens.signed(claims);
    }

    private JsonNode report(String query) throws Exception {
        HttpResponse<String> response = get("/api/reports/waiting-times?" + query, coordinatorToken());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private static List<JsonNode> rows(JsonNode body) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        body.get("rows").forEach(rows::add);
        return rows;
    }

    private static JsonNode martiniRow(JsonNode body) {
        return rows(body).stream().filter(row -> "Organization/martini".equals(row.path("organization").asText())).findFirst()
                .orElse(new ObjectMapper().createObjectNode());
    }

    private HttpResponse<String> get(String path, String token, String... headers) throws Exception {
        return sendTo(URI.create(base.toString().replaceAll("/$", "") + path), token, "GET", null, null, headers);
    }
}
