package nl.hartketen.application.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private final DeliveryPolicy defaults = new DeliveryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), 12);

    @Test
    void theWaitDoublesAfterEachFailureUpToTheLongest() {
        assertEquals(Duration.ofSeconds(5), defaults.backoff(1));
        assertEquals(Duration.ofSeconds(10), defaults.backoff(2));
        assertEquals(Duration.ofSeconds(320), defaults.backoff(7));
        assertEquals(Duration.ofMinutes(10), defaults.backoff(8));
        assertEquals(Duration.ofMinutes(10), defaults.backoff(1_000));
    }

    @Test
    void withTheDefaultsAReceiverMayBeAwayAboutFiftyMinutesBeforeError() {
        Duration away = Duration.ZERO;
        int failures = 1;
        while (!defaults.givesUp(failures)) {
            away = away.plus(defaults.backoff(failures));
            failures++;
        }
        assertEquals(12, failures);
        assertTrue(
                away.compareTo(Duration.ofMinutes(45)) > 0 && away.compareTo(Duration.ofMinutes(55)) < 0,
                away.toString());
        assertFalse(defaults.givesUp(11));
    }

    @Test
    void nonsenseSettingsAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryPolicy(Duration.ZERO, Duration.ofMinutes(1), 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new DeliveryPolicy(Duration.ofMinutes(2), Duration.ofMinutes(1), 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new DeliveryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 0));
    }
}
