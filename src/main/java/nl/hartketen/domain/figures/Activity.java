package nl.hartketen.domain.figures;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One counted act of care at a hospital on a (Europe/Amsterdam) day.
 *
 * @param source the resource it is counted from ("Appointment/a1", "ServiceRequest/p1"): one act per source
 * @param code the contact kind's code, or the service's (cardiology-service) for a procedure or diagnostic
 * @param referred for a procedure: the patient was referred on by another hospital (not the hospital's own patient)
 */
public record Activity(
        String source, String organization, LocalDate day, ActivityKind kind, String code, boolean referred) {

    public Activity {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
    }
}
