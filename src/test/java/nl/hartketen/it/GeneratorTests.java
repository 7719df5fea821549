package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The region generator through its admin API: journeys written through the application's own services, then visible
 * in the waiting-time report. It runs in the background; the test waits for it to finish, so no other test sees it
 * half done. Its waits end in the last 60 days, a period the other report tests do not use.
 */
abstract class GeneratorTests extends ContainerTest {

    @Test
    void generatedJourneysAreWrittenThroughTheApplicationAndReported() throws Exception {
        assertEquals(
                403,
                post("/api/generator?network=hartnet&journeys=5", MartiniReferrals.coordinatorToken())
                        .statusCode(),
                "only administrators generate");
        HttpResponse<String> started = post("/api/generator?network=hartnet&journeys=40&days=60&seed=7", adminToken);
        assertEquals(202, started.statusCode(), started.body());

        JsonNode progress = awaitFinished();

        assertEquals(40, progress.get("planned").asInt());
        assertEquals(40, progress.get("written").asInt(), "every journey passes the application's own rules");
        assertEquals(0, progress.get("failed").asInt());
        HttpResponse<String> report =
                get("/api/reports/waiting-times?network=hartnet&groupBy=organization", adminToken);
        JsonNode rows = new ObjectMapper().readTree(report.body()).get("rows");
        int seen = 0;
        for (JsonNode row : rows) {
            seen += row.get("count").asInt();
        }
        assertTrue(seen > 0, "the generated first visits are in the report: " + report.body());
        JsonNode loopReportBody = new ObjectMapper()
                .readTree(get("/api/reports/waiting-times?network=hartnet&measure=loop", adminToken)
                        .body());
        JsonNode loops = loopReportBody.get("rows").get(0);
        assertTrue(loops.get("count").asInt() > 0, "generated back-referrals to the GP close loops: " + loops);
        double closed = loops.get("loopsClosed").asDouble();
        assertTrue(closed > 0 && closed < 1, "some loops are closed, some open: " + loops);
        org.hl7.fhir.r4.model.MeasureReport loopReport = admin.operation()
                .onInstance("Measure/loop-time")
                .named("$evaluate-measure")
                // the API's default period ends today in Amsterdam, which is not always today here
                .withParameter(
                        org.hl7.fhir.r4.model.Parameters.class,
                        "periodStart",
                        new org.hl7.fhir.r4.model.StringType(
                                loopReportBody.get("from").asText()))
                .andParameter(
                        "periodEnd",
                        new org.hl7.fhir.r4.model.StringType(
                                loopReportBody.get("to").asText()))
                .andParameter("subject", new org.hl7.fhir.r4.model.StringType("Organization/hartnet"))
                .returnResourceType(org.hl7.fhir.r4.model.MeasureReport.class)
                .execute();
        org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent loopsClosed = loopReport.getGroupFirstRep();
        assertEquals("loops-closed", loopsClosed.getCode().getCodingFirstRep().getCode());
        assertEquals(
                closed,
                loopsClosed.getMeasureScore().getValue().doubleValue(),
                0.0005,
                "the MeasureReport and the API agree");
        HttpResponse<String> again = post("/api/generator?network=hartnet&journeys=40&days=60&seed=7", adminToken);
        assertEquals(202, again.statusCode());
        assertEquals(40, awaitFinished().get("written").asInt(), "a repeated run skips the journeys already written");
    }

    private JsonNode awaitFinished() throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/api/generator", adminToken);
            if (response.statusCode() == 200) {
                JsonNode progress = new ObjectMapper().readTree(response.body());
                if (progress.hasNonNull("finished")) {
                    return progress;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the generator did not finish in 3 minutes");
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return sendTo(application(path), token, "POST", null, null);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return sendTo(application(path), token, "GET", null, null);
    }
}
