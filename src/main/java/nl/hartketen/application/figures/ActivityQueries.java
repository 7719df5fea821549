package nl.hartketen.application.figures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import nl.hartketen.domain.figures.ActivityKind;
import nl.hartketen.domain.referral.RequestCategory;

/** The aggregations the activity figures read: counts per day, never single patients. Days are Europe/Amsterdam dates. */
public interface ActivityQueries {

    /** How many acts of a kind and code (and referred or not) an organization had on a day. */
    record Count(String organization, LocalDate day, ActivityKind kind, String code, boolean referred, long count) {}

    /** How many requests of a category an organization received (was the performer of) on a day. */
    record Received(String organization, LocalDate day, RequestCategory category, long count) {}

    /** How many telemonitoring enrolments an organization's team started on a day. */
    record Started(String organization, LocalDate day, long count) {}

    /** One telemonitoring alert of an organization's team: measured, raised and (if so) acknowledged. */
    record Alert(String organization, Instant measured, Instant raised, Instant acknowledged) {}

    /** The counted acts of {@code organizations} from {@code from} to {@code to} (both included). */
    List<Count> counts(Collection<String> organizations, LocalDate from, LocalDate to);

    /** The meekijkconsulten and telediagnostics requests sent to {@code organizations} in the period (not entered in error). */
    List<Received> received(Collection<String> organizations, LocalDate from, LocalDate to);

    /** The telemonitoring enrolments (table monitoring_enrolment) of the organizations' teams started in the period. */
    List<Started> enrolmentsStarted(Collection<String> organizations, LocalDate from, LocalDate to);

    /** The alerts (table monitoring_alert) raised for the organizations' teams in the period. */
    List<Alert> alerts(Collection<String> organizations, LocalDate from, LocalDate to);
}
