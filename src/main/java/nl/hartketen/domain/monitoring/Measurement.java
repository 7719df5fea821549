package nl.hartketen.domain.monitoring;

import java.time.Instant;
import java.util.Objects;

/** One value measured at home: a vital sign in its own unit, and when it was measured. */
public record Measurement(VitalSign sign, double value, Instant measuredAt) {

    public Measurement {
        Objects.requireNonNull(sign, "sign");
        Objects.requireNonNull(measuredAt, "measuredAt");
    }

    public String shown() {
        return VitalSign.format(Math.round(value * 10) / 10.0) + " " + sign.unit();
    }
}
