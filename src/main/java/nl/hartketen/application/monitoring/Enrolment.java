package nl.hartketen.application.monitoring;

import java.time.Instant;

/**
 * An enrolment in telemonitoring as the server keeps it beside its ServiceRequest.
 *
 * @param id       the ServiceRequest's id
 * @param patient  "Patient/id"
 * @param basedOn  the referral the team's hospital received ("ServiceRequest/id")
 * @param team     the organization whose team monitors and gets the alerts ("Organization/id")
 * @param platform the organization whose platform sends the measurements ("Organization/id")
 * @param carePath the care path whose thresholds apply ("heart-failure")
 */
public record Enrolment(
        String id,
        String patient,
        String basedOn,
        String team,
        String platform,
        String carePath,
        Instant start,
        Instant end,
        boolean active) {

    public String reference() {
        return "ServiceRequest/" + id;
    }
}
