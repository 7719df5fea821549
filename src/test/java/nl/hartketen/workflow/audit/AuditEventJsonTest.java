package nl.hartketen.workflow.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.interfaces.fhir.FhirContextProducer;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AuditEvent JSON written for every access is valid R4, parsed strictly, and says what the access was. */
class AuditEventJsonTest {

    private static final Instant RECORDED = Instant.parse("2026-03-02T09:15:30.125Z");
    private static final FhirContext FHIR = new FhirContextProducer().fhirContext();
    private static ProfileValidator validator;

    @BeforeAll
    static void warmUp() {
        validator = new ProfileValidator(FHIR);
        validator.warmUp(List.of(), resource -> Optional.empty());
    }

    @Test
    void aSearchByAPractitionerForAnOrganizationNamesEveryPartyAndTheQuery() {
        Caller cardiologist = new Caller(
                "cardio-sub",
                "Dr. \"Hart\" van Dijk",
                Role.CARDIOLOGIST,
                new Identifier("http://fhir.nl/fhir/NamingSystem/uzi-nr-pers", "123456789"),
                new Identifier("http://fhir.nl/fhir/NamingSystem/ura", "90000001"),
                "Practitioner/hart",
                "Organization/martini",
                "10.0.0.2");
        Access search = new Access(
                "search-type",
                null,
                "E",
                List.of("ServiceRequest/s1", "ServiceRequest/s2"),
                Set.of("Patient/p1"),
                "ServiceRequest?status=active&performer=Organization/martini",
                Access.Outcome.SUCCESS,
                null);

        AuditEvent event = parsedAndValid(AuditEventJson.write(cardiologist, search, RECORDED));

        assertEquals("rest", event.getType().getCode());
        assertEquals("search-type", event.getSubtypeFirstRep().getCode());
        assertEquals(AuditEvent.AuditEventAction.E, event.getAction());
        assertEquals(RECORDED, event.getRecorded().toInstant());
        assertEquals(AuditEvent.AuditEventOutcome._0, event.getOutcome());
        AuditEventAgentComponent user = event.getAgent().get(0);
        assertTrue(user.getRequestor());
        assertEquals("cardio-sub", user.getAltId());
        assertEquals("Dr. \"Hart\" van Dijk", user.getName());
        assertEquals("Practitioner/hart", user.getWho().getReference());
        assertEquals("123456789", user.getWho().getIdentifier().getValue());
        assertEquals("cardiologist", user.getRoleFirstRep().getCodingFirstRep().getCode());
        assertEquals("10.0.0.2", user.getNetwork().getAddress());
        AuditEventAgentComponent onBehalfOf = event.getAgent().get(1);
        assertFalse(onBehalfOf.getRequestor());
        assertEquals("Organization/martini", onBehalfOf.getWho().getReference());
        assertEquals("90000001", onBehalfOf.getWho().getIdentifier().getValue());
        assertEquals("Hartketen", event.getSource().getSite());
        List<AuditEventEntityComponent> entities = event.getEntity();
        assertEquals(
                List.of("Patient/p1", "ServiceRequest/s1", "ServiceRequest/s2"),
                entities.subList(0, 3).stream()
                        .map(entity -> entity.getWhat().getReference())
                        .toList());
        assertEquals("1", entities.get(0).getRole().getCode(), "the patient's role");
        AuditEventEntityComponent query = entities.get(3);
        assertEquals("24", query.getRole().getCode());
        assertEquals(search.query(), new String(query.getQuery(), StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedOperationByTheSystemLeavesOutWhatIsNotKnown() {
        Access refused = new Access(
                "operation",
                "$access-log",
                "E",
                List.of(),
                Set.of(),
                "  ",
                Access.Outcome.MINOR_FAILURE,
                "not involved");

        AuditEvent event = parsedAndValid(AuditEventJson.write(Caller.system(), refused, RECORDED));

        assertEquals("$access-log", event.getSubtypeFirstRep().getDisplay());
        assertEquals(AuditEvent.AuditEventOutcome._4, event.getOutcome());
        assertEquals("not involved", event.getOutcomeDesc());
        assertEquals(1, event.getAgent().size(), "no organization to act for");
        assertFalse(event.getAgentFirstRep().hasNetwork());
        assertFalse(event.hasEntity(), "a blank query is no entity");
    }

    private static AuditEvent parsedAndValid(String json) {
        AuditEvent event = FHIR.newJsonParser().parseResource(AuditEvent.class, json);
        validator.check(event, Optional.empty());
        return event;
    }
}
