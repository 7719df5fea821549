package nl.hartketen.domain.monitoring;

import nl.hartketen.domain.shared.RuleViolation;

/** A measurement that cannot be taken as it is: a wrong code or unit, an implausible value, no device or no time. */
public class MeasurementRefused extends RuleViolation {

    public MeasurementRefused(String location, String message) {
        super(location, message);
    }
}
