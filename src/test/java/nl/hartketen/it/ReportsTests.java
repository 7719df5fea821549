package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting-time report through the API on referrals whose waits are known: three seen at Martini in March 2025
 * after 10, 20 and 30 days, one still waiting. No other test writes waits that end in March 2025.
 */
abstract class ReportsTests extends ContainerTest {

    private static final String MARCH_2025 = "from=2025-03-01&to=2025-03-31";
    private static final String REPORT = "waiting-time-report";

    private MartiniReferrals referrals;

    @BeforeEach
    void joinHartNet() {
        referrals = new MartiniReferrals(this);
    }

    @Test
    void theReportGivesTheKnownWaitsAgainstTheTreeknormAndTheSameAsCsv() throws Exception {
        referrals.seen("2025-03-01T09:00", "2025-03-11T10:00"); // 10 days
        referrals.seen("2025-03-01T16:00", "2025-03-21T08:30"); // 20 days
        referrals.seen("2025-02-28T23:30", "2025-03-30T09:00"); // 30 days (the clocks went forward on 30 March)
        int waitingBefore = martiniRow(report("organization=martini&groupBy=organization&" + MARCH_2025))
                .path("waitingNow")
                .asInt();
        referrals.sent("2025-03-02T09:00"); // still waiting

        JsonNode body = report("organization=martini&groupBy=organization&" + MARCH_2025);

        assertEquals("access", body.get("measure").asText());
        assertEquals(21, body.get("norm").get("targetDays").asInt());
        JsonNode martiniRow = martiniRow(body);
        assertEquals(3, martiniRow.get("count").asInt());
        assertEquals(
                List.of(20, 30, 30, 30),
                List.of(
                        martiniRow.get("p50").asInt(),
                        martiniRow.get("p80").asInt(),
                        martiniRow.get("p90").asInt(),
                        martiniRow.get("max").asInt()),
                "nearest rank: p50 = 2nd of 3, p80 and p90 = 3rd");
        assertEquals(20.0, martiniRow.get("mean").asDouble());
        assertEquals(0.667, martiniRow.get("withinTarget").asDouble(), "10 and 20 days are within 3 weeks");
        assertEquals(0.667, martiniRow.get("withinMaximum").asDouble(), "30 days is over 4 weeks");
        assertEquals(waitingBefore + 1, martiniRow.get("waitingNow").asInt());
        assertTrue(martiniRow.get("longestWaitingDays").asInt() >= 600, "waiting since 2 March 2025");

        JsonNode byCarePath = report("organization=martini&groupBy=organization,care-path&" + MARCH_2025);
        JsonNode chestPain = rows(byCarePath).stream()
                .filter(row -> "chest-pain".equals(row.path("carePath").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals(3, chestPain.get("count").asInt(), "the referrals' episodes are on the chest-pain care path");
        JsonNode byMonth = report("organization=martini&groupBy=month&" + MARCH_2025);
        assertEquals("2025-03", rows(byMonth).get(0).get("month").asText());
        assertTrue(rows(byMonth).get(0).get("waitingNow").isNull(), "the waiting list has no month");

        MeasureReport measureReport = clientAs(MartiniReferrals.coordinatorToken())
                .operation()
                .onInstance("Measure/access-time")
                .named("$evaluate-measure")
                .withParameter(Parameters.class, "periodStart", new StringType("2025-03-01"))
                .andParameter("periodEnd", new StringType("2025-03-31"))
                .andParameter("subject", new StringType("Organization/martini"))
                .returnResourceType(MeasureReport.class)
                .execute();
        assertEquals("https://hartketen.nl/fhir/Measure/access-time", measureReport.getMeasure());
        assertEquals(
                0.667,
                group(measureReport, "within-target")
                        .getMeasureScore()
                        .getValue()
                        .doubleValue());
        assertEquals(
                3,
                group(measureReport, "within-target").getPopulation().stream()
                        .filter(population -> population
                                .getCode()
                                .getCodingFirstRep()
                                .getCode()
                                .equals("denominator"))
                        .findFirst()
                        .orElseThrow()
                        .getCount());
        assertEquals(
                20, group(measureReport, "p50").getMeasureScore().getValue().intValue());
        assertEquals(
                30, group(measureReport, "p90").getMeasureScore().getValue().intValue());
        assertEquals(
                "Organization/martini",
                group(measureReport, "p80")
                        .getStratifierFirstRep()
                        .getStratumFirstRep()
                        .getValue()
                        .getText());
        assertEquals(
                waitingBefore + 1,
                group(measureReport, "waiting-now").getPopulationFirstRep().getCount());

        HttpResponse<String> csv = get(
                "/api/reports/waiting-times?organization=martini&groupBy=organization&" + MARCH_2025,
                MartiniReferrals.coordinatorToken(),
                "Accept",
                "text/csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals('\uFEFF', lines[0].charAt(0), "a byte-order mark, so Excel reads UTF-8");
        assertEquals(
                "organization;organizationName;count;p50;p80;p90;max;mean;withinTarget;withinMaximum;waitingNow;longestWaitingDays",
                lines[0].substring(1));
        String martiniLine = List.of(lines).stream()
                .filter(line -> line.startsWith("Organization/martini;"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                martiniLine.matches(
                        "Organization/martini;[^;]*;3;20;30;30;30;20,0;0,667;0,667;" + (waitingBefore + 1) + ";\\d+"),
                martiniLine);
    }

    @Test
    void onlyTheNetworksCoordinatorsAndAdministratorsGetTheReport() throws Exception {
        assertEquals(
                403,
                get("/api/reports/waiting-times?network=hartnet", referrals.gpToken())
                        .statusCode());
        assertEquals(
                403,
                get("/api/reports/waiting-times?network=hartnet", MartiniReferrals.coordinatorToken("cardionovo-plus"))
                        .statusCode());
        assertEquals(
                200,
                get("/api/reports/waiting-times?network=hartnet", adminToken).statusCode());
        HttpResponse<String> unknown =
                get("/api/reports/waiting-times?measure=speed", MartiniReferrals.coordinatorToken());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("access, diagnostics, treatment, consult-response"), unknown.body());
        assertEquals(
                400,
                get("/api/reports/waiting-times?organization=umcg-not-a-member", MartiniReferrals.coordinatorToken())
                        .statusCode());
        assertEquals(
                400,
                get("/api/reports/waiting-times?from=2025-04-01&to=2025-03-01", MartiniReferrals.coordinatorToken())
                        .statusCode());
    }

    @Test
    void aFilterValueTheReportDoesNotKnowIsRefusedNamingTheParameterAndTheValuesAllowed() throws Exception {
        assertRefused(
                "service=open-heart",
                "service 'open-heart' is not known; use one of: outpatient-cardiology,",
                "cabg",
                "tavi");
        assertRefused("carePath=chest", "carePath 'chest' is not known; use one of: ", "chest-pain", "heart-failure");
        assertRefused("priority=soon", "priority 'soon' is not known; use one of: routine, urgent, asap, stat");
        assertRefused(
                "measure=speed",
                "measure 'speed' is not known; use one of: access, diagnostics, treatment, consult-response, loop");
        assertRefused(
                "groupBy=organization,doctor",
                "groupBy 'doctor' is not known; use one of: organization, care-path, service, month");
        assertRefused("format=xml", "format 'xml' is not known; use one of: csv, json");
        assertRefused(
                "organization=martini,wza-nowhere",
                "organization: Organization/wza-nowhere is not a member of Organization/hartnet",
                "martini");
        // The values allowed are taken: they filter, they are not refused.
        report("service=cabg&carePath=chest-pain&priority=urgent&format=JSON&" + MARCH_2025);
        JsonNode none =
                report("service=tavi&carePath=aortic-valve-stenosis&priority=stat&organization=martini&" + MARCH_2025);
        assertTrue(
                rows(none).stream().allMatch(row -> row.get("count").asInt() == 0),
                "no TAVI waits at Martini in March 2025, and no refusal");
    }

    @Test
    void aBadDateIsRefusedNamingTheParameterAndTheFormat() throws Exception {
        assertRefused(
                "from=2025-13-01&to=2025-03-31", "from must be a date, yyyy-MM-dd (e.g. 2025-03-01), not '2025-13-01'");
        assertRefused("to=31-03-2025", "to must be a date, yyyy-MM-dd (e.g. 2025-03-01), not '31-03-2025'");
        assertRefused("from=%2B12025-03-01", "from must be a date, yyyy-MM-dd");
        assertRefused("from=2025-04-01&to=2025-03-01", "from (2025-04-01) is after to (2025-03-01)");
    }

    @Test
    void whoMayReadNoReportIsRefusedWithOrWithoutANetworkAndTheRefusalIsAudited() throws Exception {
        Map<String, Object> gpClaims =
                Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        HttpResponse<String> refused = get("/api/reports/waiting-times", Tokens.signed(gpClaims));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("network coordinators and administrators"), refused.body());
        AuditEvent audited = (AuditEvent) admin.search()
                .byUrl("AuditEvent?altid=" + gpClaims.get("sub") + "&_count=1")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertEquals("4", audited.getOutcome().toCode(), "the refusal is in the audit trail");
        String cardiologist = Tokens.token("cardiologist", "01" + unique(), MartiniReferrals.MARTINI_URA);
        assertEquals(
                403,
                get("/api/reports/waiting-times?measure=access", cardiologist).statusCode());
        assertEquals(
                403,
                get("/api/reports/waiting-times?from=garbage", cardiologist).statusCode(),
                "refused before the parameters are read");
        HttpResponse<String> administrator = get("/api/reports/waiting-times", adminToken);
        assertEquals(400, administrator.statusCode(), "an administrator may read every network's, so must say which");
        assertTrue(administrator.body().contains("name the network (network=hartnet, say)"), administrator.body());
    }

    @Test
    void theNetworkIsNamedByIdOrByReference() throws Exception {
        for (String network : List.of("hartnet", "Organization/hartnet")) {
            HttpResponse<String> response =
                    get("/api/reports/waiting-times?network=" + network + "&" + MARCH_2025, adminToken);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(
                    "Organization/hartnet",
                    new ObjectMapper().readTree(response.body()).get("network").asText());
        }
        assertEquals(
                200,
                get("/api/reports/waiting-times?network=Organization/hartnet", MartiniReferrals.coordinatorToken())
                        .statusCode(),
                "a coordinator's own network, as a reference");
        assertRefused(
                "network=Organization/Organization/hartnet",
                "network must be an Organization id (hartnet) or reference (Organization/hartnet)");
    }

    @Test
    void theReportIsInTheOpenApiDocument() throws Exception {
        HttpResponse<String> openapi = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/openapi"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/reports/waiting-times"), openapi.body());
        for (String parameter :
                List.of("measure", "network", "carePath", "service", "priority", "from", "to", "groupBy", "format")) {
            assertTrue(
                    openapi.body().contains("name: " + parameter)
                            || openapi.body().contains("\"name\" : \"" + parameter + "\""),
                    parameter + " in " + openapi.body());
        }
    }

    @Test
    void evaluateMeasureRefusesBadDatesAndUnknownSubjectsWithAnOperationOutcomeNamingTheParameter() {
        IGenericClient coordinator = clientAs(MartiniReferrals.coordinatorToken());
        assertEquals(
                "periodStart must be a date, yyyy-MM-dd (e.g. 2025-03-01), not '2025-3-1'",
                diagnostics(expect(
                                InvalidRequestException.class,
                                () -> evaluate(coordinator, "2025-3-1", "2025-03-31", null))
                        .getOperationOutcome()));
        assertEquals(
                "periodStart (2025-04-01) is after periodEnd (2025-03-31)",
                diagnostics(expect(
                                InvalidRequestException.class,
                                () -> evaluate(coordinator, "2025-04-01", "2025-03-31", null))
                        .getOperationOutcome()));
        assertEquals(
                "subject: Organization/nowhere is not a network nor a member of one",
                diagnostics(expect(
                                InvalidRequestException.class,
                                () -> evaluate(coordinator, "2025-03-01", "2025-03-31", "Organization/nowhere"))
                        .getOperationOutcome()));
        expect(ForbiddenOperationException.class, () -> evaluate(fhir, "2025-03-01", "2025-03-31", null));
        expect(
                ForbiddenOperationException.class,
                () -> evaluate(fhir, "garbage", "2025-03-31", "Organization/nowhere"));
        assertEquals(
                "name the network (subject=Organization/hartnet, say)",
                diagnostics(
                        expect(InvalidRequestException.class, () -> evaluate(admin, "2025-03-01", "2025-03-31", null))
                                .getOperationOutcome()));
    }

    @Test
    void everyFiguresRequestLeavesExactlyOneAuditEntryAnsweredRefusedOrBad() throws Exception {
        Map<String, Object> coordinator = coordinatorClaims();
        evaluate(clientAs(Tokens.signed(coordinator)), "2025-03-01", "2025-03-31", "Organization/martini");
        assertOnlyEntry(coordinator, REPORT, "0", "Organization/hartnet", "$evaluate-measure answered");

        Map<String, Object> gpClaims =
                Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        expect(
                ForbiddenOperationException.class,
                () -> evaluate(clientAs(Tokens.signed(gpClaims)), "2025-03-01", "2025-03-31", "Organization/hartnet"));
        assertOnlyEntry(gpClaims, REPORT, "4", "Organization/hartnet", "$evaluate-measure refused");

        Map<String, Object> badDate = coordinatorClaims();
        expect(
                InvalidRequestException.class,
                () -> evaluate(clientAs(Tokens.signed(badDate)), "March", "2025-03-31", null));
        assertOnlyEntry(badDate, REPORT, "4", "Organization/hartnet", "$evaluate-measure with a bad date");

        Map<String, Object> reader = coordinatorClaims();
        assertEquals(
                200,
                get("/api/reports/waiting-times?" + MARCH_2025, Tokens.signed(reader))
                        .statusCode());
        assertOnlyEntry(reader, REPORT, "0", "Organization/hartnet", "the report answered");

        Map<String, Object> otherNetwork = coordinatorClaims();
        otherNetwork.put("organization_identifier", "https://hartketen.nl/fhir/NamingSystem/network|cardionovo-plus");
        assertEquals(
                403,
                get("/api/reports/waiting-times?network=hartnet", Tokens.signed(otherNetwork))
                        .statusCode());
        assertOnlyEntry(otherNetwork, REPORT, "4", "Organization/hartnet", "the report refused");

        Map<String, Object> badMeasure = coordinatorClaims();
        assertEquals(
                400,
                get("/api/reports/waiting-times?measure=speed", Tokens.signed(badMeasure))
                        .statusCode());
        assertOnlyEntry(badMeasure, REPORT, "4", "Organization/hartnet", "the report with a bad parameter");

        Map<String, Object> census = coordinatorClaims();
        assertEquals(
                200, get("/api/networks/hartnet/census", Tokens.signed(census)).statusCode());
        assertOnlyEntry(census, "network-census", "0", "Organization/hartnet", "the census answered");
        Map<String, Object> censusElsewhere = coordinatorClaims();
        assertEquals(
                403,
                get("/api/networks/cardionovo/census", Tokens.signed(censusElsewhere))
                        .statusCode());
        assertOnlyEntry(censusElsewhere, "network-census", "4", "Organization/cardionovo", "the census refused");
        Map<String, Object> censusBad = coordinatorClaims();
        assertEquals(
                400,
                get("/api/networks/hartnet/census?openLoopDays=0", Tokens.signed(censusBad))
                        .statusCode());
        assertOnlyEntry(censusBad, "network-census", "4", "Organization/hartnet", "the census with a bad parameter");

        Map<String, Object> stranger =
                Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        assertEquals(
                403, get("/api/referrals/nope/events", Tokens.signed(stranger)).statusCode());
        assertOnlyEntry(stranger, "referral-events", "4", "ServiceRequest/nope", "a referral's events refused");
    }

    private static Map<String, Object> coordinatorClaims() {
        Map<String, Object> claims = Tokens.claims("coordinator", null, null);
        claims.put("organization_identifier", "https://hartketen.nl/fhir/NamingSystem/network|hartnet-noord-nederland");
        return claims;
    }

    /** The user of {@code claims} has exactly one audit entry: a read of {@code what} of {@code resource}, ending so. */
    private void assertOnlyEntry(
            Map<String, Object> claims, String what, String outcome, String resource, String request) {
        List<AuditEvent> entries = admin
                .search()
                .byUrl("AuditEvent?altid=" + claims.get("sub"))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(entry -> (AuditEvent) entry.getResource())
                .toList();
        assertEquals(1, entries.size(), request + ": " + entries.size() + " audit entries");
        AuditEvent entry = entries.get(0);
        assertEquals(what, entry.getSubtypeFirstRep().getDisplay(), request);
        assertEquals(AuditEvent.AuditEventAction.R, entry.getAction(), request);
        assertEquals(outcome, entry.getOutcome().toCode(), request);
        assertEquals(
                List.of(resource),
                entry.getEntity().stream()
                        .map(entity -> entity.getWhat().getReference())
                        .toList(),
                request);
    }

    private static MeasureReport evaluate(IGenericClient client, String start, String end, String subject) {
        Parameters parameters = new Parameters();
        parameters.addParameter("periodStart", new StringType(start));
        parameters.addParameter("periodEnd", new StringType(end));
        if (subject != null) {
            parameters.addParameter("subject", new StringType(subject));
        }
        return client.operation()
                .onInstance("Measure/access-time")
                .named("$evaluate-measure")
                .withParameters(parameters)
                .returnResourceType(MeasureReport.class)
                .execute();
    }

    /** A coordinator's report with {@code query} is a 400 problem whose detail has each of {@code expected}. */
    private void assertRefused(String query, String... expected) throws Exception {
        HttpResponse<String> response = get("/api/reports/waiting-times?" + query, MartiniReferrals.coordinatorToken());
        assertEquals(400, response.statusCode(), query + ": " + response.body());
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), query);
        String detail =
                new ObjectMapper().readTree(response.body()).get("detail").asText();
        for (String part : expected) {
            assertTrue(detail.contains(part), query + ": " + detail);
        }
        assertFalse(detail.contains("could not be parsed"), "not Java's parser text: " + detail);
    }

    private static MeasureReport.MeasureReportGroupComponent group(MeasureReport report, String code) {
        return report.getGroup().stream()
                .filter(group -> code.equals(group.getCode().getCodingFirstRep().getCode()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theMeasuresAreServedAndEvaluationIsForCoordinators() {
        org.hl7.fhir.r4.model.Bundle measures = clientAs(MartiniReferrals.coordinatorToken())
                .search()
                .forResource(org.hl7.fhir.r4.model.Measure.class)
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute();
        assertEquals(
                6,
                measures.getEntry().size(),
                "access, diagnostics, treatment, consult response, loop; annual figures");
        expect(
                ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException.class,
                () -> fhir.operation()
                        .onInstance("Measure/access-time")
                        .named("$evaluate-measure")
                        .withParameter(Parameters.class, "periodStart", new StringType("2025-03-01"))
                        .andParameter("periodEnd", new StringType("2025-03-31"))
                        .andParameter("subject", new StringType("Organization/hartnet"))
                        .returnResourceType(MeasureReport.class)
                        .execute());
        expect(
                ca.uhn.fhir.rest.server.exceptions.InvalidRequestException.class,
                () -> clientAs(MartiniReferrals.coordinatorToken())
                        .operation()
                        .onInstance("Measure/access-time")
                        .named("$evaluate-measure")
                        .withParameter(Parameters.class, "periodStart", new StringType("March"))
                        .andParameter("periodEnd", new StringType("2025-03-31"))
                        .returnResourceType(MeasureReport.class)
                        .execute());
    }

    private JsonNode report(String query) throws Exception {
        HttpResponse<String> response = get("/api/reports/waiting-times?" + query, MartiniReferrals.coordinatorToken());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private static List<JsonNode> rows(JsonNode body) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        body.get("rows").forEach(rows::add);
        return rows;
    }

    private static JsonNode martiniRow(JsonNode body) {
        return rows(body).stream()
                .filter(row ->
                        "Organization/martini".equals(row.path("organization").asText()))
                .findFirst()
                .orElse(new ObjectMapper().createObjectNode());
    }

    private HttpResponse<String> get(String path, String token, String... headers) throws Exception {
        return sendTo(application(path), token, "GET", null, null, headers);
    }
}
