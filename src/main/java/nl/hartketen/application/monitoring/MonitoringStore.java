package nl.hartketen.application.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.hartketen.domain.monitoring.Measurement;
import nl.hartketen.domain.monitoring.MonitoringEnd;
import nl.hartketen.domain.monitoring.VitalSign;
import nl.hartketen.domain.shared.Identifier;

/**
 * Telemonitoring's own tables (migration V17), kept in the transaction that writes the FHIR resources they follow:
 * enrolments, the measurement series the thresholds judge, and the alerts with their times.
 */
public interface MonitoringStore {

    /** A measurement as stored: the Observation's id, its enrolment, and the platform's identifier of it. */
    record StoredMeasurement(
            String observationId,
            String enrolmentId,
            String platform,
            Identifier identifier,
            Measurement measurement,
            Instant receivedAt) {}

    /** An alert raised for the team: its Task's id, the rule that fired and for which measurement. */
    record Alert(
            String taskId,
            String enrolmentId,
            String patient,
            String team,
            String rule,
            String observationId,
            Instant measuredAt,
            Instant raisedAt) {}

    /** An active enrolment with when it last had an alert and a measurement, for judging whether it ends. */
    record Activity(Enrolment enrolment, Optional<Instant> lastAlert, Optional<Instant> lastMeasured) {}

    void addEnrolment(Enrolment enrolment);

    Optional<Enrolment> enrolment(String id);

    /** The active enrolments based on {@code request} ("ServiceRequest/id"). */
    List<String> activeBasedOn(String request);

    /** Ends the enrolment if it is active; whether it was. */
    boolean end(String id, Instant at, MonitoringEnd reason);

    /** Active enrolments in id order after {@code afterId} (null: from the first), with their last alert and measurement. */
    List<Activity> active(String afterId, int limit);

    /** The Observation already stored under the platform's identifier, if any. */
    Optional<String> storedUnder(String platform, Identifier identifier);

    void addMeasurements(List<StoredMeasurement> measurements);

    /** The enrolment's lowest measurement of {@code sign} taken in [from, to), if any. */
    Optional<Measurement> lowest(String enrolmentId, VitalSign sign, Instant from, Instant to);

    /** Whether an alert of {@code rule} for the enrolment is still open: a new breach then raises no second alert. */
    boolean hasOpenAlert(String enrolmentId, String rule);

    void addAlert(Alert alert);

    /** Whether {@code taskId} is an alert's Task. */
    boolean isAlert(String taskId);

    /** Records the first acknowledgement and the close of an alert; later ones keep the first. */
    void acknowledged(String taskId, Instant at);

    void closed(String taskId, Instant at);
}
