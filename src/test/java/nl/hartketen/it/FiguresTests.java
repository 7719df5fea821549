package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The activity figures through the API (docs/figures.md) on Martini's 2019, which no other test writes: one referral
 * sent on 1 May and seen physically on 10 May (9 days, chest-pain care path), a video consult on 20 May, a telephone
 * consult on 3 June, and a PCI on 12 June on the Martini's own patient.
 */
abstract class FiguresTests extends ContainerTest {

    private static final String YEAR = "organization=martini&year=2019";
    private static boolean written;

    private MartiniReferrals referrals;

    @BeforeEach
    void martinisYear() {
        referrals = new MartiniReferrals(this);
        if (!written) {
            ServiceRequest referral = referrals.seen("2019-05-01T09:00", "2019-05-10T09:00");
            referrals.contact(referral, "video", "2019-05-20T11:00");
            referrals.contact(referral, "telephone", "2019-06-03T15:00");
            referrals.treated(referral, "pci", "2019-06-12T10:00");
            written = true;
        }
    }

    @Test
    void theYearsFiguresAreTheContactsAndTreatmentsWrittenAgainstAnEmptyYearBefore() throws Exception {
        JsonNode year = json(get("/api/reports/annual-figures?" + YEAR, MartiniReferrals.coordinatorToken()));

        assertEquals("Organization/martini", year.get("organization").asText());
        assertEquals("Organization/hartnet", year.get("network").asText());
        assertEquals(2018, year.get("previousYear").asInt());
        assertEquals(
                List.of(1, 1, 1, 0, 0),
                counts(year.get("contacts")),
                "physical, telephone, video, written, telemonitoring");
        JsonNode pci = row(year.get("procedures"), "pci");
        assertEquals(1, pci.get("count").asInt());
        assertEquals(0, pci.get("previous").asInt());
        assertTrue(pci.get("change").isNull(), "no change against a year without any");
        assertEquals(0, pci.get("referred").asInt(), "the Martini's own patient, referred by the GP");
        assertEquals(0.0, pci.get("referredShare").asDouble());
        assertEquals(
                "Percutaneous coronary intervention (PCI)", pci.get("display").asText());
        JsonNode access = year.get("accessTime");
        assertEquals("chest-pain", access.get("carePath").asText());
        assertEquals(14, access.get("normDays").asInt());
        assertEquals(1, access.get("year").get("count").asInt());
        assertEquals(9, access.get("year").get("p50").asInt());
        assertEquals(1.0, access.get("year").get("withinNorm").asDouble());
        assertEquals(0, access.get("previous").get("count").asInt());

        JsonNode digital = json(get(
                "/api/reports/digital-care?organization=martini&from=2019-05-01&to=2019-06-30",
                MartiniReferrals.coordinatorToken()));
        assertEquals(0.25, digital.get("ambition").get("digitalShare").asDouble());
        JsonNode may = digital.get("rows").get(0);
        assertEquals("2019-05", may.get("month").asText());
        assertEquals("Martini Ziekenhuis", may.get("organizationName").asText());
        assertEquals(2, may.get("contacts").asInt());
        assertEquals(0.5, may.get("digitalShare").asDouble());
        assertTrue(may.get("meetsAmbition").asBoolean());
        JsonNode june = digital.get("rows").get(1);
        assertEquals(1.0, june.get("digitalShare").asDouble());
        assertEquals(0, june.get("alerts").asInt());
    }

    @Test
    void theCsvIsOneTableForADutchExcel() throws Exception {
        HttpResponse<String> csv = get("/api/reports/annual-figures?" + YEAR + "&format=csv", adminToken);

        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals(
                "\uFEFFsection;code;display;count;previous;change;referred;referredShare;previousReferred", lines[0]);
        assertTrue(
                List.of(lines).contains("procedures;pci;Percutaneous coronary intervention (PCI);1;0;;0;0,0;0"),
                csv.body());
        assertTrue(List.of(lines).contains("contacts;video;Video;1;0;;;;"), csv.body());
        assertTrue(List.of(lines).contains("access-time;withinNorm;chest-pain, norm 14 days;1,0;;;;;"), csv.body());
        HttpResponse<String> monthly = get(
                "/api/reports/digital-care?organization=martini&from=2019-05-01&to=2019-05-31",
                MartiniReferrals.coordinatorToken(),
                "Accept",
                "text/csv");
        assertTrue(
                monthly.body().startsWith("\uFEFForganization;organizationName;month;physical;telephone;video;"),
                monthly.body());
        assertTrue(
                monthly.body().contains("Organization/martini;Martini Ziekenhuis;2019-05;1;0;1;0;0;2;1;0,5;true;"),
                monthly.body());
    }

    @Test
    void anAppointmentOfAKindNotKnownOrOfTelemonitoringIsRefusedAtItsType() {
        ServiceRequest referral = referrals.sent("2019-09-02T09:00");
        for (String kind : List.of("carrier-pigeon", "telemonitoring")) {
            UnprocessableEntityException refused = expect(
                    UnprocessableEntityException.class,
                    () -> referrals
                            .martini()
                            .create()
                            .resource(MartiniReferrals.appointment(referral, kind, "2019-09-10T09:00"))
                            .execute());
            assertTrue(diagnostics(refused.getOperationOutcome()).contains(kind), kind);
        }
    }

    @Test
    void aParameterTheFiguresDoNotTakeIsRefusedByName() throws Exception {
        String coordinator = MartiniReferrals.coordinatorToken();
        List<List<String>> refusals = List.of(
                List.of("/api/reports/annual-figures?year=2019", "organization is required"),
                List.of("/api/reports/annual-figures?organization=martini&year=19", "year must be"),
                List.of("/api/reports/annual-figures?organization=martini&year=2999", "year 2999"),
                List.of("/api/reports/annual-figures?organization=hartnet&year=2019", "organization"),
                List.of("/api/reports/annual-figures?organization=nowhere&year=2019", "organization"),
                List.of("/api/reports/annual-figures?" + YEAR + "&format=xml", "format"),
                List.of("/api/reports/digital-care?from=2019-06-01&to=2019-05-01", "from"),
                List.of("/api/reports/digital-care?from=2010-01-01&to=2019-05-01", "3 years"),
                List.of("/api/reports/digital-care?groupBy=hospital", "groupBy"),
                List.of("/api/reports/digital-care?organization=umcg-nope", "organization"),
                List.of("/api/reports/digital-care?to=1-5-2019", "to"));
        for (List<String> refusal : refusals) {
            HttpResponse<String> answer = get(refusal.get(0), coordinator);
            assertEquals(400, answer.statusCode(), refusal.get(0) + ": " + answer.body());
            assertTrue(answer.body().contains(refusal.get(1)), refusal.get(0) + ": " + answer.body());
        }
    }

    @Test
    void onlyTheNetworksCoordinatorsAndAdministratorsGetTheFigures() throws Exception {
        String cardiologist = Tokens.token("cardiologist", "01" + unique(), MartiniReferrals.MARTINI_URA);
        for (String path :
                List.of("/api/reports/annual-figures?" + YEAR, "/api/reports/digital-care?network=hartnet")) {
            assertEquals(403, get(path, referrals.gpToken()).statusCode(), path);
            assertEquals(403, get(path, cardiologist).statusCode(), path);
            assertEquals(
                    403,
                    get(path, MartiniReferrals.coordinatorToken("cardionovo-plus"))
                            .statusCode(),
                    path);
            assertEquals(200, get(path, adminToken).statusCode(), path);
        }
    }

    @Test
    void theYearIsAMeasureReportToo() {
        IGenericClient coordinator = clientAs(MartiniReferrals.coordinatorToken());
        MeasureReport report = evaluate(coordinator, "2019-01-01", "2019-12-31", "Organization/martini");

        assertEquals("https://hartketen.nl/fhir/Measure/annual-figures", report.getMeasure());
        assertEquals("Organization/martini", report.getReporter().getReference());
        MeasureReport.MeasureReportGroupComponent contacts = group(report, "contacts");
        assertEquals(3, contacts.getPopulationFirstRep().getCount());
        assertEquals(
                List.of("physical 1", "telephone 1", "video 1"),
                contacts.getStratifierFirstRep().getStratum().stream()
                        .map(stratum -> stratum.getValue().getText() + " "
                                + stratum.getPopulationFirstRep().getCount())
                        .toList());
        assertEquals(
                List.of("own 1", "referred 0"),
                group(report, "procedures").getStratifier().get(1).getStratum().stream()
                        .map(stratum -> stratum.getValue().getText() + " "
                                + stratum.getPopulationFirstRep().getCount())
                        .toList());
        assertEquals(9, group(report, "access-p50").getMeasureScore().getValue().intValue());

        InvalidRequestException halfAYear = expect(
                InvalidRequestException.class,
                () -> evaluate(coordinator, "2019-01-01", "2019-06-30", "Organization/martini"));
        assertTrue(diagnostics(halfAYear.getOperationOutcome()).contains("one calendar year"));
        InvalidRequestException noHospital =
                expect(InvalidRequestException.class, () -> evaluate(coordinator, "2019-01-01", "2019-12-31", null));
        assertTrue(diagnostics(noHospital.getOperationOutcome()).contains("subject is required"));
    }

    @Test
    void theFiguresAreInTheOpenApiDocument() throws Exception {
        HttpResponse<String> openapi = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/openapi"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(openapi.body().contains("/reports/annual-figures"), openapi.body());
        assertTrue(openapi.body().contains("/reports/digital-care"), openapi.body());
    }

    private static MeasureReport evaluate(IGenericClient client, String start, String end, String subject) {
        Parameters parameters = new Parameters();
        parameters.addParameter("periodStart", new StringType(start));
        parameters.addParameter("periodEnd", new StringType(end));
        if (subject != null) {
            parameters.addParameter("subject", new StringType(subject));
        }
        return client.operation()
                .onInstance("Measure/annual-figures")
                .named("$evaluate-measure")
                .withParameters(parameters)
                .returnResourceType(MeasureReport.class)
                .execute();
    }

    private static MeasureReport.MeasureReportGroupComponent group(MeasureReport report, String code) {
        return report.getGroup().stream()
                .filter(group -> group.getCode().getCodingFirstRep().getCode().equals(code))
                .findFirst()
                .orElseThrow();
    }

    private static List<Integer> counts(JsonNode rows) {
        return java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .map(row -> row.get("count").asInt())
                .toList();
    }

    private static JsonNode row(JsonNode rows, String code) {
        return java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .filter(row -> code.equals(row.get("code").asText()))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private HttpResponse<String> get(String path, String token, String... headers) throws Exception {
        return sendTo(application(path), token, "GET", null, null, headers);
    }
}
