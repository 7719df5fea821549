package nl.hartketen.workflow.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.audit.ChainCheck;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.testsupport.MiddleLayer;
import nl.hartketen.workflow.types.UnwiredTypes;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The audit trail on the real schema: accesses recorded by AuditTrail are found by every AuditEvent search parameter,
 * read back as the AuditEvent they were written as, and sealed by the sequencer.
 */
class AuditTrailTest {

    private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");

    private static final Caller GP = new Caller(
            "gp-sub", "Dr. Huisarts", Role.GP, null, null, "Practitioner/gp", "Organization/practice", "10.0.0.1");
    private static final Caller CARDIOLOGIST = new Caller(
            "cardio-sub", "Dr. Hart", Role.CARDIOLOGIST, null, null, null, "Organization/hospital", "10.0.0.2");

    private static MiddleLayer layer;
    private static AuditTrail trail;

    @BeforeAll
    static void recordThreeAccesses() {
        layer = MiddleLayer.open();
        trail = new AuditTrail(layer.audit(), layer.codec(), layer.clock(), layer.resources(), UnwiredTypes.all());
        layer.clock().set(MONDAY);
        trail.record(
                GP,
                new Access(
                        "read",
                        null,
                        "R",
                        List.of("ServiceRequest/s1"),
                        Set.of("Patient/p1"),
                        null,
                        Access.Outcome.SUCCESS,
                        null));
        layer.clock().set(TUESDAY);
        trail.record(
                CARDIOLOGIST,
                new Access(
                        "search-type",
                        null,
                        "E",
                        List.of("ServiceRequest/s1", "ServiceRequest/s2"),
                        Set.of("Patient/p1", "Patient/p2"),
                        "ServiceRequest?status=active",
                        Access.Outcome.SUCCESS,
                        null));
        trail.record(
                GP,
                new Access(
                        "read",
                        null,
                        "R",
                        List.of(),
                        Set.of("Patient/p3"),
                        null,
                        Access.Outcome.MINOR_FAILURE,
                        "not involved"));
        layer.commit();
    }

    @AfterAll
    static void close() {
        layer.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "patient=Patient/p1; 2",
                "patient=Patient/p3; 1",
                "entity=ServiceRequest/s2; 1",
                "entity=ServiceRequest/s1,Patient/p3; 3",
                "agent=Practitioner/gp; 2",
                "agent=Organization/hospital; 1",
                "altid=gp-sub; 2",
                "action=R; 2",
                "action=http://hl7.org/fhir/audit-event-action|E; 1",
                "action=http://example.org/other|E; 0",
                "outcome=4; 1",
                "outcome:not=0; 1",
                "subtype=read; 2",
                "subtype=http://hl7.org/fhir/restful-interaction|search-type; 1",
                "date=2026-03-02; 1",
                "date=ge2026-03-03; 2",
                "_lastUpdated=lt2026-03-02; 0",
                "patient=Patient/p1&action=E; 1",
                "patient=Patient/p1&date=lt2026-03-03; 1",
                "; 3"
            })
    void everySearchParameterFindsTheEntriesItNames(String query, int expected) {
        String search = query == null ? "" : query;
        assertEquals(expected, layer.audit().count(layer.query("AuditEvent", search)), search);
        assertEquals(
                expected,
                layer.audit()
                        .search(layer.query("AuditEvent", search), null, 10)
                        .size(),
                search);
    }

    @Test
    void anEntryReadsBackAsTheAuditEventItWasWrittenAs() {
        List<StoredResource> newestFirst =
                layer.audit().search(layer.query("AuditEvent", "patient=Patient/p1"), null, 10);
        assertEquals(TUESDAY, newestFirst.get(0).lastUpdated(), "newest first");
        StoredResource stored = layer.audit().read(newestFirst.get(1).id());
        AuditEvent read = (AuditEvent) layer.codec().decode(stored);

        assertEquals("AuditEvent/" + stored.id() + "/_history/1", read.getId());
        assertEquals("rest", read.getType().getCode());
        assertEquals("read", read.getSubtypeFirstRep().getCode());
        assertEquals(AuditEvent.AuditEventAction.R, read.getAction());
        assertEquals(MONDAY, read.getRecorded().toInstant());
        assertEquals("gp-sub", read.getAgentFirstRep().getAltId());
        assertEquals("Practitioner/gp", read.getAgentFirstRep().getWho().getReference());
        assertEquals("10.0.0.1", read.getAgentFirstRep().getNetwork().getAddress());
        assertEquals(
                Set.of("Patient/p1", "ServiceRequest/s1"),
                Set.copyOf(read.getEntity().stream()
                        .map(entity -> entity.getWhat().getReference())
                        .toList()));
    }

    @Test
    void theSequencerSealsWhatWasRecorded() {
        ChainCheck before = layer.audit().verify();
        assertTrue(before.intact(), before.problem());
        assertEquals(3, before.unsealed());
        assertEquals(MONDAY, before.oldestUnsealed());

        assertEquals(3, layer.sealAudit());

        ChainCheck after = layer.audit().verify();
        assertTrue(after.intact(), after.problem());
        assertEquals(3, after.entries());
        assertEquals(0, after.unsealed());
        layer.rollback();
    }
}
