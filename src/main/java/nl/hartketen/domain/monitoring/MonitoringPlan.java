package nl.hartketen.domain.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What telemonitoring on a care path watches: its thresholds, and when the values count as stable enough to end it
 * (monitored at least {@code stableAfter}, no alert in the last {@code quietFor}, and measured in the last week: a
 * patient who stopped measuring is not stable, just silent).
 */
public record MonitoringPlan(String carePath, List<ThresholdRule> thresholds, Duration stableAfter, Duration quietFor) {

    private static final Duration STILL_MEASURING = Duration.ofDays(7);

    /**
     * The care paths with a telemonitoring step. Heart failure after the NVVC's e-health guidance: a weight gain of 2 kg
     * in 3 days signals fluid retention, a systolic pressure under 90 hypotension; a resting rate over 120 or a
     * saturation under 90 % needs a call the same day.
     */
    private static final Map<String, MonitoringPlan> BY_CARE_PATH = Map.of(
            "heart-failure",
            new MonitoringPlan(
                    "heart-failure",
                    List.of(
                            new ThresholdRule.Rise("weight-gain", VitalSign.BODY_WEIGHT, 2.0, Duration.ofDays(3)),
                            new ThresholdRule.Below("low-systolic-pressure", VitalSign.SYSTOLIC_PRESSURE, 90),
                            new ThresholdRule.Above("high-heart-rate", VitalSign.HEART_RATE, 120),
                            new ThresholdRule.Below("low-oxygen-saturation", VitalSign.OXYGEN_SATURATION, 90)),
                    Duration.ofDays(90),
                    Duration.ofDays(30)));

    public MonitoringPlan {
        Objects.requireNonNull(carePath, "carePath");
        thresholds = List.copyOf(thresholds);
    }

    public static Optional<MonitoringPlan> forCarePath(String carePath) {
        return Optional.ofNullable(BY_CARE_PATH.get(carePath));
    }

    /** The care paths telemonitoring can be a step of. */
    public static List<String> carePaths() {
        return BY_CARE_PATH.keySet().stream().sorted().toList();
    }

    /** The longest window a rule looks back over: how much of the series a new measurement is judged with. */
    public Duration lookBack() {
        return thresholds.stream()
                .map(ThresholdRule::lookBack)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** Whether monitoring started at {@code start} may end at {@code now} on stable values. */
    public boolean isStable(Instant start, Instant now, Optional<Instant> lastAlert, Optional<Instant> lastMeasured) {
        return !start.plus(stableAfter).isAfter(now)
                && lastAlert.map(alert -> alert.plus(quietFor).isBefore(now)).orElse(true)
                && lastMeasured
                        .map(measured -> measured.plus(STILL_MEASURING).isAfter(now))
                        .orElse(false);
    }
}
