package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.notification.Change;
import nl.hartketen.application.notification.Delivery;
import nl.hartketen.application.notification.Notification;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.domain.shared.Role;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox and the subscriptions' queues on a real (in-memory H2) database with the real migrations. */
class JdbcNotificationStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Caller OWNER =
            new Caller("gp-1", "Dr Jansen", Role.GP, null, null, "Practitioner/jansen", "Organization/de-linde", null);

    private JdbcDataSource database;
    private JdbcNotificationStore store;
    private ResourceStore resources;

    @BeforeEach
    void database() {
        database = InMemoryDatabase.migrated("notifications");
        store = new JdbcNotificationStore(database);
        resources = InMemoryDatabase.resourceStore(database);
    }

    @Test
    void everyStoredVersionIsQueuedInTheOrderItWasWritten() {
        resources.insert(task("t1", "requested"), NOW);
        resources.update(task("t1", "accepted"), 1L, NOW.plusSeconds(1));
        resources.insert(task("t2", "requested"), NOW.plusSeconds(2));

        List<Change> changes = store.changes(10);
        assertEquals(
                List.of("Task/t1@1", "Task/t1@2", "Task/t2@1"),
                changes.stream().map(c -> c.reference() + "@" + c.version()).toList());
        assertEquals(NOW.plusSeconds(1), changes.get(1).changedAt());

        store.remove(changes.subList(0, 2));
        assertEquals(
                List.of("Task/t2"),
                store.changes(10).stream().map(Change::reference).toList());
    }

    @Test
    void eventsAreNumberedPerSubscriptionAndLeaveOnlyOnceDone() {
        store.configure("s1", OWNER, "Task", true);
        store.configure("s2", OWNER, "Task", true);
        Change change = new Change(1, "Task", "t1", 3, NOW);
        Notification first = store.add("s1", change, "e-1");
        Notification second = store.add("s1", change, "e-2");
        Notification other = store.add("s2", change, "e-3");

        assertEquals(List.of(1L, 2L, 1L), List.of(first.eventNumber(), second.eventNumber(), other.eventNumber()));
        assertEquals(List.of(first, second), store.next("s1", 20));
        assertEquals(List.of(first), store.next("s1", 1));
        Delivery delivery = store.delivery("s1").orElseThrow();
        assertEquals(OWNER.organization(), delivery.owner().organization());
        assertEquals(Role.GP, delivery.owner().role());
        assertEquals(2, delivery.eventsSinceStart());

        store.done(first);
        assertEquals(List.of(second), store.next("s1", 20));
        store.done(second);
        assertTrue(store.next("s1", 20).isEmpty());
        assertEquals(List.of("s2"), store.due(NOW));
    }

    @Test
    void aFailureWaitsItsBackoffAndErrorStopsSendingUntilSwitchedBackOn() {
        store.configure("s1", OWNER, "Task", true);
        store.add("s1", new Change(1, "Task", "t1", 1, NOW), "e-1");

        store.failed("s1", 3, NOW.plusSeconds(20), "the endpoint answered HTTP 503");
        assertEquals(List.of(), store.due(NOW.plusSeconds(19)));
        assertEquals(List.of("s1"), store.due(NOW.plusSeconds(20)));
        assertEquals(3, store.delivery("s1").orElseThrow().failures());

        store.stopSending("s1", "delivery failed 12 times in a row");
        Delivery stopped = store.delivery("s1").orElseThrow();
        assertFalse(stopped.sending());
        assertTrue(stopped.matching(), "in error it keeps collecting its events");
        assertEquals(List.of(), store.due(NOW.plusSeconds(60)));

        store.configure("s1", OWNER, "Task", true);
        Delivery again = store.delivery("s1").orElseThrow();
        assertTrue(again.sending());
        assertEquals(0, again.failures());
        assertEquals(null, again.lastError());
        assertEquals(List.of("s1"), store.due(NOW), "the kept event goes at once");
    }

    @Test
    void offNeitherMatchesNorSends() {
        store.configure("s1", OWNER, "Task", true);
        store.configure("s1", OWNER, "Appointment", false);
        Delivery off = store.delivery("s1").orElseThrow();
        assertFalse(off.matching());
        assertFalse(off.sending());
        assertEquals("Appointment", off.criteriaType());
        assertEquals(List.of(), store.matching());
    }

    private static ResourceContent task(String id, String status) {
        return new ResourceContent(
                "Task",
                id,
                "{\"resourceType\":\"Task\",\"id\":\"" + id + "\",\"status\":\"" + status + "\"}",
                List.of());
    }
}
