package nl.hartketen.domain.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A threshold of a care path: when a measurement crosses it, the monitoring team gets an alert with the reason. Each
 * rule has a code of ours (CodeSystem monitoring-rule), the alert's reason code.
 */
public sealed interface ThresholdRule {

    String code();

    VitalSign sign();

    /** What the rule says, for the CapabilityStatement, the docs and the enrolment. */
    String describe();

    /** The window of earlier measurements the rule compares with (zero: it judges the measurement alone). */
    default Duration lookBack() {
        return Duration.ZERO;
    }

    /**
     * Why {@code measurement} breaches the rule, if it does.
     *
     * @param earlier measurements of the same sign taken before it within {@link #lookBack()}: all of them, or for a
     *     {@link Rise} at least the lowest
     */
    Optional<String> breachedBy(Measurement measurement, List<Measurement> earlier);

    /** A rise of at least {@code amount} against the lowest value of the window before the measurement. */
    record Rise(String code, VitalSign sign, double amount, Duration within) implements ThresholdRule {
        @Override
        public Duration lookBack() {
            return within;
        }

        @Override
        public String describe() {
            return sign.display() + " up " + VitalSign.format(amount) + " " + sign.unit() + " or more within "
                    + within.toDays() + " days";
        }

        @Override
        public Optional<String> breachedBy(Measurement measurement, List<Measurement> earlier) {
            Instant from = measurement.measuredAt().minus(within);
            return earlier.stream()
                    .filter(before -> before.sign() == sign
                            && before.measuredAt().isBefore(measurement.measuredAt())
                            && !before.measuredAt().isBefore(from))
                    .min(Comparator.comparingDouble(Measurement::value))
                    .filter(lowest -> measurement.value() - lowest.value() >= amount - 1e-9)
                    .map(lowest -> sign.display() + " up "
                            + new Measurement(sign, measurement.value() - lowest.value(), from).shown() + " within "
                            + within.toDays() + " days: " + lowest.shown() + " at " + lowest.measuredAt() + ", "
                            + measurement.shown() + " at " + measurement.measuredAt());
        }
    }

    /** A value under {@code limit}. */
    record Below(String code, VitalSign sign, double limit) implements ThresholdRule {
        @Override
        public String describe() {
            return sign.display() + " under " + VitalSign.format(limit) + " " + sign.unit();
        }

        @Override
        public Optional<String> breachedBy(Measurement measurement, List<Measurement> earlier) {
            return measurement.sign() == sign && measurement.value() < limit
                    ? Optional.of(sign.display() + " " + measurement.shown() + " at " + measurement.measuredAt()
                            + ", under " + VitalSign.format(limit) + " " + sign.unit())
                    : Optional.empty();
        }
    }

    /** A value over {@code limit}. */
    record Above(String code, VitalSign sign, double limit) implements ThresholdRule {
        @Override
        public String describe() {
            return sign.display() + " over " + VitalSign.format(limit) + " " + sign.unit();
        }

        @Override
        public Optional<String> breachedBy(Measurement measurement, List<Measurement> earlier) {
            return measurement.sign() == sign && measurement.value() > limit
                    ? Optional.of(sign.display() + " " + measurement.shown() + " at " + measurement.measuredAt()
                            + ", over " + VitalSign.format(limit) + " " + sign.unit())
                    : Optional.empty();
        }
    }
}
