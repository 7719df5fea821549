package nl.hartketen.application.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.hartketen.testsupport.MiddleLayer;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Versioned resources on the real schema: every change a new version, the old ones kept, a stale version refused. */
class ResourceServiceTest {

    private static MiddleLayer layer;
    private static ResourceService resources;

    @BeforeAll
    static void openTheDatabase() {
        layer = MiddleLayer.open();
        resources = layer.resources();
    }

    @AfterEach
    void undoChanges() {
        layer.rollback();
    }

    @AfterAll
    static void dropTheDatabase() {
        layer.close();
    }

    @Test
    void everyChangeIsANewVersionAndTheOldOnesStayReadable() {
        Instant created = layer.clock().instant();
        assertEquals(1, resources.create(organization("martini", "Martini")).version());
        layer.clock().advance(Duration.ofMinutes(5));
        StoredResource renamed = resources.createOrUpdate(organization("martini", "Martini Ziekenhuis"), 1L);
        layer.clock().advance(Duration.ofMinutes(5));
        StoredResource unconditionally =
                resources.createOrUpdate(organization("martini", "Martini Ziekenhuis Groningen"), null);

        assertEquals(2, renamed.version());
        assertEquals(3, unconditionally.version(), "without a version the change applies to the current one");
        assertEquals(unconditionally, resources.read("Organization", "martini"));
        assertTrue(resources.read("Organization", "martini", 1).content().contains("\"Martini\""));
        assertEquals(created, resources.read("Organization", "martini", 1).lastUpdated());
        assertEquals(
                List.of(3L, 2L, 1L),
                resources.history("Organization", "martini").stream()
                        .map(StoredResource::version)
                        .toList());
    }

    @Test
    void aChangeOfAVersionThatIsNoLongerCurrentIsRefusedAndChangesNothing() {
        resources.create(organization("martini", "Martini"));
        resources.createOrUpdate(organization("martini", "Martini Ziekenhuis"), 1L);
        VersionConflict conflict = assertThrows(
                VersionConflict.class, () -> resources.createOrUpdate(organization("martini", "Martini (stale)"), 1L));
        assertEquals(
                "Organization/martini is at version 2, not 1: read it again and reapply your change",
                conflict.getMessage());
        assertEquals(2, resources.read("Organization", "martini").version());
        assertEquals(2, resources.history("Organization", "martini").size());
    }

    @Test
    void anUpdateWithoutAVersionCreatesAtTheClientsIdButAVersionedOneNeedsTheResource() {
        assertEquals(
                1, resources.createOrUpdate(organization("umcg", "UMCG"), null).version());
        assertTrue(resources.exists("Organization", "umcg"));
        assertEquals(
                "Organization/elders is not known",
                assertThrows(
                                ResourceNotFound.class,
                                () -> resources.createOrUpdate(organization("elders", "Elders"), 1L))
                        .getMessage());
        assertFalse(resources.exists("Organization", "elders"));
    }

    @Test
    void whatIsNotStoredIsNotFoundInEveryWayOfAsking() {
        resources.create(organization("martini", "Martini"));
        assertEquals(
                "Organization/none is not known",
                assertThrows(ResourceNotFound.class, () -> resources.read("Organization", "none"))
                        .getMessage());
        assertThrows(ResourceNotFound.class, () -> resources.read("Organization", "martini", 2));
        assertThrows(ResourceNotFound.class, () -> resources.history("Organization", "none"));
        assertThrows(ResourceNotFound.class, () -> resources.read("Patient", "martini"), "an id is a type's own");
        assertFalse(resources.lock("Organization", "none"));
        assertTrue(resources.lock("Organization", "martini"));
        assertEquals(
                List.of("Organization/martini"),
                resources.readAll(List.of("Organization/none", "Organization/martini", "nonsense")).stream()
                        .map(StoredResource::reference)
                        .toList());
    }

    private static ResourceContent organization(String id, String name) {
        Organization organization = new Organization().setName(name);
        organization.setId(id);
        return layer.codec().encode(organization, id);
    }
}
