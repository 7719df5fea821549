package nl.hartketen.domain.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Heart failure's thresholds on hand-built series. */
class ThresholdRuleTest {

    private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
    private static final MonitoringPlan HEART_FAILURE =
            MonitoringPlan.forCarePath("heart-failure").orElseThrow();

    private static Measurement weight(double kg, double daysAgo) {
        return new Measurement(VitalSign.BODY_WEIGHT, kg, NOW.minus(Duration.ofMinutes((long) (daysAgo * 24 * 60))));
    }

    private static ThresholdRule rule(String code) {
        return HEART_FAILURE.thresholds().stream()
                .filter(rule -> rule.code().equals(code))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void weightUpTwoKilosWithinThreeDaysAgainstTheLowestOfThoseDays() {
        ThresholdRule gain = rule("weight-gain");
        List<Measurement> earlier = List.of(weight(80.6, 2.9), weight(80.0, 2), weight(80.8, 1));
        Optional<String> reason = gain.breachedBy(weight(82.0, 0), earlier);
        assertTrue(reason.isPresent(), "82.0 is 2.0 above the lowest (80.0) of the 3 days");
        assertTrue(reason.get().contains("up 2 kg within 3 days: 80 kg"), reason.get());
        assertFalse(gain.breachedBy(weight(81.9, 0), earlier).isPresent(), "1.9 kg is under the threshold");
    }

    @Test
    void aWeightOutsideTheWindowOrAfterTheMeasurementDoesNotCount() {
        ThresholdRule gain = rule("weight-gain");
        assertFalse(gain.breachedBy(weight(82.0, 0), List.of(weight(79.0, 3.1))).isPresent(), "3.1 days before");
        assertFalse(
                gain.breachedBy(weight(82.0, 1), List.of(weight(79.0, 0.5))).isPresent(),
                "a weight measured later is no 'before'");
        assertFalse(gain.breachedBy(weight(82.0, 0), List.of()).isPresent(), "no series: nothing to rise from");
    }

    @Test
    void lowSystolicHighRateAndLowSaturationJudgeTheValueAlone() {
        assertTrue(rule("low-systolic-pressure")
                .breachedBy(new Measurement(VitalSign.SYSTOLIC_PRESSURE, 89, NOW), List.of())
                .isPresent());
        assertFalse(
                rule("low-systolic-pressure")
                        .breachedBy(new Measurement(VitalSign.SYSTOLIC_PRESSURE, 90, NOW), List.of())
                        .isPresent(),
                "90 is not under 90");
        assertTrue(rule("high-heart-rate")
                .breachedBy(new Measurement(VitalSign.HEART_RATE, 121, NOW), List.of())
                .isPresent());
        assertFalse(rule("high-heart-rate")
                .breachedBy(new Measurement(VitalSign.HEART_RATE, 120, NOW), List.of())
                .isPresent());
        assertTrue(rule("low-oxygen-saturation")
                .breachedBy(new Measurement(VitalSign.OXYGEN_SATURATION, 89, NOW), List.of())
                .isPresent());
        assertFalse(
                rule("low-systolic-pressure")
                        .breachedBy(new Measurement(VitalSign.DIASTOLIC_PRESSURE, 50, NOW), List.of())
                        .isPresent(),
                "a rule judges its own vital sign only");
    }

    @Test
    void theLongestLookBackIsTheWeightWindow() {
        assertEquals(Duration.ofDays(3), HEART_FAILURE.lookBack());
        assertTrue(MonitoringPlan.forCarePath("chest-pain").isEmpty(), "no telemonitoring step on that path");
    }

    @Test
    void stableAfterNinetyDaysWithoutAnAlertForThirtyAndStillMeasuring() {
        Instant start = NOW.minus(Duration.ofDays(100));
        Optional<Instant> measuredToday = Optional.of(NOW.minus(Duration.ofHours(5)));
        assertTrue(HEART_FAILURE.isStable(start, NOW, Optional.of(NOW.minus(Duration.ofDays(31))), measuredToday));
        assertTrue(HEART_FAILURE.isStable(start, NOW, Optional.empty(), measuredToday));
        assertFalse(HEART_FAILURE.isStable(start, NOW, Optional.of(NOW.minus(Duration.ofDays(29))), measuredToday));
        assertFalse(HEART_FAILURE.isStable(NOW.minus(Duration.ofDays(80)), NOW, Optional.empty(), measuredToday));
        assertFalse(
                HEART_FAILURE.isStable(start, NOW, Optional.empty(), Optional.of(NOW.minus(Duration.ofDays(8)))),
                "a patient who stopped measuring is silent, not stable");
        assertFalse(HEART_FAILURE.isStable(start, NOW, Optional.empty(), Optional.empty()));
    }

    @Test
    void unitsAndRangesAreRefusedWithWhatIsExpected() {
        MeasurementRefused pounds = assertThrows(
                MeasurementRefused.class,
                () -> VitalSign.BODY_WEIGHT.measured(180, VitalSign.UCUM, "[lb_av]", NOW, "Observation.valueQuantity"));
        assertTrue(pounds.getMessage().contains("UCUM 'kg'"), pounds.getMessage());
        assertEquals("Observation.valueQuantity", pounds.location());
        MeasurementRefused heavy = assertThrows(
                MeasurementRefused.class,
                () -> VitalSign.BODY_WEIGHT.measured(900, VitalSign.UCUM, "kg", NOW, "Observation.valueQuantity"));
        assertTrue(heavy.getMessage().contains("not plausible (20–350 kg)"), heavy.getMessage());
        assertEquals(
                97.0,
                VitalSign.OXYGEN_SATURATION
                        .measured(97, VitalSign.UCUM, "%", NOW, "x")
                        .value());
    }
}
