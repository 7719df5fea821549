package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.monitoring.Enrolment;
import nl.hartketen.application.monitoring.MonitoringStore;
import nl.hartketen.domain.monitoring.Measurement;
import nl.hartketen.domain.monitoring.MonitoringEnd;
import nl.hartketen.domain.monitoring.VitalSign;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.domain.shared.Identifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Telemonitoring's tables on a real (in-memory H2) database with the real migrations. */
class JdbcMonitoringStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String PLATFORM = "Organization/hartthuis";

    private JdbcMonitoringStore store;

    @BeforeEach
    void database() {
        store = new JdbcMonitoringStore(InMemoryDatabase.migrated("monitoring"));
        store.addEnrolment(new Enrolment(
                "e1",
                "Patient/p1",
                "ServiceRequest/r1",
                "Organization/martini",
                PLATFORM,
                "heart-failure",
                NOW.minus(Duration.ofDays(100)),
                NOW.plus(Duration.ofDays(80)),
                true));
    }

    private MonitoringStore.StoredMeasurement stored(
            String observation, String id, VitalSign sign, double value, Instant at) {
        return new MonitoringStore.StoredMeasurement(
                observation, "e1", PLATFORM, new Identifier("urn:platform", id), new Measurement(sign, value, at), NOW);
    }

    @Test
    void aResendFindsTheObservationStoredUnderItsIdentifierOnlyForThatPlatform() {
        store.addMeasurements(List.of(
                stored("o1", "m1", VitalSign.BODY_WEIGHT, 80, NOW.minusSeconds(60)),
                stored("o2", "m2", VitalSign.SYSTOLIC_PRESSURE, 120, NOW.minusSeconds(30)),
                stored("o2", "m2", VitalSign.DIASTOLIC_PRESSURE, 80, NOW.minusSeconds(30))));
        assertEquals(Optional.of("o1"), store.storedUnder(PLATFORM, new Identifier("urn:platform", "m1")));
        assertEquals(
                Optional.of("o2"),
                store.storedUnder(PLATFORM, new Identifier("urn:platform", "m2")),
                "a blood pressure's two values are one Observation");
        assertTrue(store.storedUnder(PLATFORM, new Identifier("urn:platform", "m3"))
                .isEmpty());
        assertTrue(store.storedUnder("Organization/other", new Identifier("urn:platform", "m1"))
                .isEmpty());
        assertThrows(
                DuplicateIdentifier.class,
                () -> store.addMeasurements(List.of(stored("o9", "m1", VitalSign.BODY_WEIGHT, 81, NOW))),
                "the database holds one measurement per identifier, also for two sends at once");
    }

    @Test
    void theLowestOfTheSignInTheWindow() {
        store.addMeasurements(List.of(
                stored("o1", "m1", VitalSign.BODY_WEIGHT, 80, NOW.minus(Duration.ofDays(4))),
                stored("o2", "m2", VitalSign.BODY_WEIGHT, 81, NOW.minus(Duration.ofDays(2))),
                stored("o3", "m3", VitalSign.HEART_RATE, 70, NOW.minus(Duration.ofDays(1))),
                stored("o4", "m4", VitalSign.BODY_WEIGHT, 82, NOW)));
        assertEquals(
                Optional.of(81.0),
                store.lowest("e1", VitalSign.BODY_WEIGHT, NOW.minus(Duration.ofDays(3)), NOW)
                        .map(Measurement::value),
                "80 is before the window, 82 at its end (not in it), 70 another sign");
        assertEquals(
                Optional.of(80.0),
                store.lowest("e1", VitalSign.BODY_WEIGHT, NOW.minus(Duration.ofDays(5)), NOW.plusSeconds(1))
                        .map(Measurement::value));
        assertTrue(store.lowest("e1", VitalSign.OXYGEN_SATURATION, NOW.minus(Duration.ofDays(5)), NOW)
                .isEmpty());
    }

    @Test
    void alertsKeepTheirFirstAcknowledgementAndCloseAndActivityShowsTheLast() {
        store.addAlert(new MonitoringStore.Alert(
                "t1", "e1", "Patient/p1", "Organization/martini", "weight-gain", "o1", NOW.minusSeconds(600), NOW));
        assertTrue(store.isAlert("t1"));
        assertFalse(store.isAlert("t2"));
        assertTrue(store.hasOpenAlert("e1", "weight-gain"));
        assertFalse(store.hasOpenAlert("e1", "low-systolic-pressure"));
        store.acknowledged("t1", NOW.plusSeconds(60));
        store.acknowledged("t1", NOW.plusSeconds(120));
        store.closed("t1", NOW.plusSeconds(300));
        assertFalse(store.hasOpenAlert("e1", "weight-gain"));

        MonitoringStore.Activity activity = store.active(null, 10).get(0);
        assertEquals(Optional.of(NOW), activity.lastAlert());
        assertEquals(Optional.empty(), activity.lastMeasured());
        assertEquals(List.of("e1"), store.activeBasedOn("ServiceRequest/r1"));

        assertTrue(store.end("e1", NOW, MonitoringEnd.DECISION));
        assertFalse(store.end("e1", NOW, MonitoringEnd.STABLE), "an enrolment ends once");
        assertFalse(store.enrolment("e1").orElseThrow().active());
        assertTrue(store.active(null, 10).isEmpty());
    }
}
