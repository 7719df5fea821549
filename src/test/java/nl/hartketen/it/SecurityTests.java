package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import nl.hartketen.LocalPostgres;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, through the API: roles × organizations × operations, each answer checked together with the one
 * audit entry it must leave; tokens that must be refused; the audit trail's own protection.
 *
 * <p>The cast: GP practice A (this test's GP, who refers), hospital H (receives the referral), GP practice B and
 * hospital X (not involved), a network coordinator and an administrator.
 */
abstract class SecurityTests extends ContainerTest {

    /** A signed-in user: the token's subject names them in the audit trail. */
    private record User(String subject, String token, IGenericClient client) {}

    private User gpA;
    private User cardH;
    private User gpB;
    private User cardX;
    private Organization hospitalX;
    private User coordinator;
    private User administrator;
    private Parties parties;
    private ServiceRequest referral;
    private String patient;

    @BeforeEach
    void cast() {
        parties = newParties();
        gpA = user(Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice)));
        cardH = user(Tokens.claims("cardiologist", "01" + unique(), ura(parties.hospital())));
        Organization practiceB = newOrganization("Praktijk B " + unique());
        gpB = user(Tokens.claims(
                "gp", newPractitioner("B" + unique()).getIdentifierFirstRep().getValue(), ura(practiceB)));
        hospitalX = newOrganization("Ziekenhuis X " + unique());
        cardX = user(Tokens.claims("cardiologist", "01" + unique(), ura(hospitalX)));
        coordinator = user(Tokens.claims("coordinator", null, ura(newOrganization("Netwerk " + unique()))));
        administrator = user(Tokens.claims("admin", null, null));
        referral = (ServiceRequest)
                gpA.client().create().resource(referral(parties)).execute().getResource();
        patient = "Patient/" + parties.patient().getIdElement().getIdPart();
    }

    private User user(Map<String, Object> claims) {
        String token = Tokens.signed(claims);
        return new User((String) claims.get("sub"), token, clientAs(token));
    }

    @Test
    void readingAReferralAndItsPatientIsForTheOrganizationsInvolvedOnly() throws Exception {
        String path = "/ServiceRequest/" + referral.getIdElement().getIdPart();
        for (User allowed : List.of(gpA, cardH)) {
            assertEquals(200, status(allowed, "GET", path));
            assertAudited(allowed, "read", "R", "0", patient);
            assertEquals(200, status(allowed, "GET", "/" + patient));
            assertAudited(allowed, "read", "R", "0", patient);
        }
        for (User refused : List.of(gpB, cardX, coordinator, administrator)) {
            HttpResponse<String> response = sendAs(refused.token(), "GET", path, null, null);
            assertEquals(403, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"forbidden\""), response.body());
            assertAudited(refused, "read", "R", "4", null);
            assertEquals(403, status(refused, "GET", "/" + patient));
        }
    }

    @Test
    void searchesAreNarrowedToWhatTheCallerMaySeeNotRefused() throws Exception {
        String query = "/ServiceRequest?subject=" + patient;
        assertEquals(1, total(gpA, query));
        assertEquals(1, total(cardH, query));
        assertEquals(0, total(gpB, query));
        assertAudited(gpB, "search-type", "E", "0", null);
        assertEquals(0, total(cardX, "/Task?patient=" + patient));
        assertEquals(403, status(coordinator, "GET", query), "coordinators see no patient records at all");
        assertEquals(403, status(administrator, "GET", "/Patient"));
        assertEquals(200, status(coordinator, "GET", "/Organization"), "the directory is open to every signed-in user");
    }

    @Test
    void anIncludeBringsNothingTheSearchCouldNotReturn() throws Exception {
        // Hospital H sends the patient on to hospital X, based on the GP's referral, which X was never sent.
        ServiceRequest onward = referral(parties);
        onward.setRequester(new Reference(parties.hospital().getIdElement().toUnqualifiedVersionless()));
        onward.setPerformer(List.of(new Reference(hospitalX.getIdElement().toUnqualifiedVersionless())));
        onward.addBasedOn(new Reference(referral.getIdElement().toUnqualifiedVersionless()));
        String onwardId =
                cardH.client().create().resource(onward).execute().getId().getIdPart();
        String search = "ServiceRequest?_id=" + onwardId + "&_include=ServiceRequest:based-on";

        Bundle forX =
                cardX.client().search().byUrl(search).returnBundle(Bundle.class).execute();
        Bundle forH =
                cardH.client().search().byUrl(search).returnBundle(Bundle.class).execute();

        assertEquals(1, forX.getEntry().size(), "the onward referral, without the GP's referral behind it");
        assertEquals(2, forH.getEntry().size(), "H took part in both");
        assertEquals(
                403,
                status(
                        cardX,
                        "GET",
                        "/ServiceRequest/" + referral.getIdElement().getIdPart()));
    }

    @Test
    void onlyTheSenderChangesOrRevokesARequestAndSendsOnlyInItsOwnName() throws Exception {
        ServiceRequest revoked = referral.copy().setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
        String body = FHIR.newJsonParser().encodeResourceToString(revoked);
        String path = "/ServiceRequest/" + referral.getIdElement().getIdPart();
        assertEquals(403, sendAs(cardH.token(), "PUT", path, FHIR_JSON, body).statusCode());
        assertAudited(cardH, "update", "U", "4", null);

        ServiceRequest aboutAStranger = referral(parties);
        assertEquals(
                403,
                sendAs(
                                gpB.token(),
                                "POST",
                                "/ServiceRequest",
                                FHIR_JSON,
                                FHIR.newJsonParser().encodeResourceToString(aboutAStranger))
                        .statusCode(),
                "B is neither the requester nor involved with the patient");
        assertEquals(
                403,
                sendAs(coordinator.token(), "POST", "/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\"}")
                        .statusCode());
        assertEquals(
                403,
                sendAs(
                                gpA.token(),
                                "POST",
                                "/Organization",
                                FHIR_JSON,
                                "{\"resourceType\":\"Organization\",\"name\":\"X\"}")
                        .statusCode(),
                "GPs do not maintain the directory");

        HttpResponse<String> byTheSender = sendAs(gpA.token(), "PUT", path, FHIR_JSON, body);
        assertEquals(200, byTheSender.statusCode(), byTheSender.body());
        assertAudited(gpA, "update", "U", "0", patient);
    }

    @Test
    void theTaskMovesByOrcaRulesRequesterCancelsOwnerDoesTheWork() throws Exception {
        Task task = (Task) gpA.client()
                .search()
                .forResource(Task.class)
                .where(Task.FOCUS.hasId(referral.getIdElement().toUnqualifiedVersionless()))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        String path = "/Task/" + task.getIdElement().getIdPart();

        assertEquals(403, move(gpA, task, Task.TaskStatus.ACCEPTED), "the requester does not accept its own referral");
        assertEquals(403, move(cardX, task, Task.TaskStatus.ACCEPTED));
        assertEquals(200, move(cardH, task, Task.TaskStatus.ACCEPTED));
        assertAudited(cardH, "update", "U", "0", patient);
        assertEquals(
                403, move(cardH, task, Task.TaskStatus.CANCELLED), "the owner rejects or fails, it does not cancel");
        assertEquals(200, move(gpA, task, Task.TaskStatus.ONHOLD), "either side puts it on hold");
        assertEquals(200, move(cardH, task, Task.TaskStatus.ACCEPTED), "either side takes it off hold");
        assertEquals(200, move(gpA, task, Task.TaskStatus.CANCELLED));
        assertEquals("cancelled", current(gpA, path).getStatus().toCode());
    }

    @Test
    void aPageLinkWorksOnlyForWhoeverSearched() throws Exception {
        for (int i = 0; i < 2; i++) {
            gpA.client().create().resource(referral(parties)).execute();
        }
        Bundle first = gpA.client()
                .search()
                .byUrl("ServiceRequest?subject=" + patient + "&_count=1")
                .returnBundle(Bundle.class)
                .execute();
        String next = first.getLink(Bundle.LINK_NEXT).getUrl();
        assertEquals(
                200, sendTo(URI.create(next), gpA.token(), "GET", null, null).statusCode());
        assertEquals(
                403, sendTo(URI.create(next), gpB.token(), "GET", null, null).statusCode());
    }

    @Test
    void tokensThatAreMissingExpiredForeignOrForgedAreRefused() throws Exception {
        String path = "/ServiceRequest/" + referral.getIdElement().getIdPart();
        HttpResponse<String> none = sendAs(null, "GET", path, null, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("\"login\""), none.body());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        Map<String, Object> expired =
                Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        expired.put("iat", (Long) expired.get("iat") - 7200);
        expired.put("exp", (Long) expired.get("iat") + 60);
        Map<String, Object> foreign =
                Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        foreign.put("iss", "https://someone-else.example");
        Map<String, Object> otherAudience =
                Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice));
        otherAudience.put("aud", "another-api");
        for (String refused : List.of(
                Tokens.signed(expired),
                Tokens.signed(foreign),
                Tokens.signed(otherAudience),
                Tokens.forged(Tokens.claims("gp", gp.getIdentifierFirstRep().getValue(), ura(practice))),
                "not.a.token")) {
            HttpResponse<String> response = sendAs(refused, "GET", path, null, null);
            assertEquals(401, response.statusCode(), response.body());
            assertTrue(response.body().contains("OperationOutcome"), response.body());
        }

        assertEquals(
                403,
                status(user(Tokens.claims("nurse", "01" + unique(), ura(practice))), "GET", path),
                "no Hartketen role");
        assertEquals(
                403,
                status(user(Tokens.claims("gp", "01" + unique(), "0000" + unique())), "GET", path),
                "an organization that is not in the directory");
        assertEquals(
                200, sendAs(null, "GET", "/metadata", null, null).statusCode(), "the CapabilityStatement is public");
    }

    @Test
    void theDevelopmentIssuerGivesWorkingTokensForItsDemoUsers() throws Exception {
        String root = base.toString().replaceAll("/$", "");
        HttpResponse<String> users = sendTo(URI.create(root + "/dev-issuer/users"), null, "GET", null, null);
        assertTrue(users.body().contains("\"gp-jansen\""), users.body());
        HttpResponse<String> issued = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(root + "/dev-issuer/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("user=admin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = issued.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        assertEquals(
                200, sendAs(token, "GET", "/Organization?_count=1", null, null).statusCode());
    }

    @Test
    void theAuditTrailIsForAdministratorsAndThePatientSeesWhoLooked() throws Exception {
        assertEquals(403, status(gpA, "GET", "/AuditEvent"));
        assertEquals(200, status(administrator, "GET", "/AuditEvent?patient=" + patient));
        int write = sendAs(administrator.token(), "POST", "/AuditEvent", FHIR_JSON, "{\"resourceType\":\"AuditEvent\"}")
                .statusCode();
        assertTrue(write == 400 || write == 405, "nobody writes the audit trail but the server: " + write);

        status(cardH, "GET", "/" + patient);
        Bundle log = gpA.client()
                .operation()
                .onInstance(patient)
                .named("$access-log")
                .withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
                .returnResourceType(Bundle.class)
                .useHttpGet()
                .execute();
        assertTrue(
                log.getEntry().stream()
                        .map(e -> (AuditEvent) e.getResource())
                        .anyMatch(event ->
                                cardH.subject().equals(event.getAgentFirstRep().getAltId())),
                "the cardiologist's look is in the log");
        assertTrue(
                log.getEntry().stream()
                        .map(e -> (AuditEvent) e.getResource())
                        .allMatch(event -> event.getEntity().stream()
                                        .allMatch(entity ->
                                                patient.equals(entity.getWhat().getReference()))
                                && !event.getAgentFirstRep().hasNetwork()),
                "only this patient, no network addresses");
        assertEquals(
                403,
                sendAs(gpB.token(), "GET", "/" + patient + "/$access-log", null, null)
                        .statusCode());

        HttpResponse<String> check = sendAs(administrator.token(), "GET", "/AuditEvent/$verify-chain", null, null);
        assertTrue(check.body().contains("intact"), check.body());
    }

    @Test
    void aChangedAuditEntryIsRefusedByTheDatabaseAndDetectedByTheChain() throws Exception {
        Assumptions.assumeTrue(
                "postgres".equals(System.getProperty("it.database")),
                "needs direct access to the database (PostgreSQL run)");
        try (Connection connection = LocalPostgres.connect(System.getProperty("it.postgres.database", "hartketen_it"));
                Statement sql = connection.createStatement()) {
            // Sealed entries only: one sealed while changed would stay broken after the change is undone.
            String sealed = " AND id IN (SELECT audit_event_id FROM audit_chain)";
            String tamper =
                    "UPDATE audit_entry SET content = replace(content, '\"outcome\":\"0\"', '\"outcome\":\"4\"')"
                            + " WHERE content LIKE '%\"outcome\":\"0\"%'" + sealed;
            SQLException refused = assertThrows(SQLException.class, () -> sql.executeUpdate(tamper));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());

            sql.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
            try {
                assertTrue(sql.executeUpdate(tamper) > 0);
                HttpResponse<String> check =
                        sendAs(administrator.token(), "GET", "/AuditEvent/$verify-chain", null, null);
                assertTrue(
                        check.body().contains("tampered") && check.body().contains("has been changed"), check.body());
            } finally {
                sql.executeUpdate(
                        "UPDATE audit_entry SET content = replace(content, '\"outcome\":\"4\"', '\"outcome\":\"0\"')"
                                + " WHERE content NOT LIKE '%outcomeDesc%'" + sealed);
                sql.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only");
            }
        }
    }

    private int move(User user, Task task, Task.TaskStatus to) throws Exception {
        Task current = current(gpA, "/Task/" + task.getIdElement().getIdPart());
        current.setStatus(to);
        if (to == Task.TaskStatus.ONHOLD) {
            current.setStatusReason(new CodeableConcept().setText("patient wil na de vakantie"));
        }
        return sendAs(
                        user.token(),
                        "PUT",
                        "/Task/" + task.getIdElement().getIdPart(),
                        FHIR_JSON,
                        FHIR.newJsonParser().encodeResourceToString(current))
                .statusCode();
    }

    private static Task current(User user, String path) {
        return user.client()
                .read()
                .resource(Task.class)
                .withUrl(path.substring(1))
                .execute();
    }

    private int status(User user, String method, String path) throws Exception {
        return sendAs(user.token(), method, path, null, null).statusCode();
    }

    private int total(User user, String query) throws Exception {
        HttpResponse<String> response = sendAs(user.token(), "GET", query, null, null);
        assertEquals(200, response.statusCode(), response.body());
        return ((Bundle) FHIR.newJsonParser().parseResource(response.body())).getTotal();
    }

    /** The user's newest audit entry is the one just made, and says what happened, to whom and how it ended. */
    private void assertAudited(User user, String interaction, String action, String outcome, String expectedPatient) {
        Bundle entries = administrator
                .client()
                .search()
                .byUrl("AuditEvent?altid=" + user.subject() + "&_count=1")
                .returnBundle(Bundle.class)
                .execute();
        AuditEvent newest = (AuditEvent) entries.getEntryFirstRep().getResource();
        assertEquals(interaction, newest.getSubtypeFirstRep().getCode(), "interaction");
        assertEquals(action, newest.getAction().toCode(), "action");
        assertEquals(outcome, newest.getOutcome().toCode(), "outcome");
        assertEquals(user.subject(), newest.getAgentFirstRep().getAltId());
        assertFalse(newest.getAgentFirstRep().getNetwork().getAddress().isEmpty(), "from where");
        if (expectedPatient != null) {
            assertTrue(
                    newest.getEntity().stream()
                            .anyMatch(entity ->
                                    expectedPatient.equals(entity.getWhat().getReference())),
                    "which patient");
        }
        if (outcome.equals("0") && user != administrator) {
            assertTrue(
                    newest.getAgent().size() == 2
                            && newest.getAgent().get(1).getWho().hasReference(),
                    "on whose behalf");
        }
    }
}
