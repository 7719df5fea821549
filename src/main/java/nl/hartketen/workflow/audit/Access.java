package nl.hartketen.workflow.audit;

import java.util.List;
import java.util.Set;

/**
 * One access to record in the audit trail: what was done (a FHIR interaction or operation), to which resources and
 * patients, with which search, and how it ended.
 *
 * @param interaction a code of http://hl7.org/fhir/restful-interaction (read, search-type, create…) or "operation"
 * @param operation   the operation's name (e.g. "$access-log") when {@code interaction} is "operation"
 * @param action      C, R, U, D or E (AuditEvent.action)
 * @param resources   the resources touched or returned ("Type/id"), patients not included
 * @param patients    the patients whose data it was ("Patient/id")
 * @param query       the search as sent, for searches
 * @param outcome     how it ended
 * @param detail      why it failed, when it did
 */
public record Access(
        String interaction,
        String operation,
        String action,
        List<String> resources,
        Set<String> patients,
        String query,
        Outcome outcome,
        String detail) {

    /** AuditEvent.outcome: 0 success, 4 minor failure (refused, bad request), 8 serious failure (server error). */
    public enum Outcome {
        SUCCESS("0"),
        MINOR_FAILURE("4"),
        SERIOUS_FAILURE("8");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static Access write(String interaction, String resource, String patient) {
        return new Access(
                interaction,
                null,
                "create".equals(interaction) ? "C" : "U",
                List.of(resource),
                patient == null ? Set.of() : Set.of(patient),
                null,
                Outcome.SUCCESS,
                null);
    }

    /**
     * A notification delivered: the disclosure of an event about {@code focus} ("Type/id/_history/n") to the owner of
     * {@code subscription}, recorded with that owner as the one who received it (NEN 7513).
     */
    public static Access disclosed(String subscription, String focus, String patient) {
        return new Access(
                "operation",
                "notify",
                "R",
                List.of(focus, subscription),
                patient == null ? Set.of() : Set.of(patient),
                null,
                Outcome.SUCCESS,
                null);
    }

    /** A conditional create that found its match: nothing was written, the match was shown (read). */
    public static Access matched(String resource, String patient) {
        return new Access(
                "create",
                null,
                "R",
                List.of(resource),
                patient == null ? Set.of() : Set.of(patient),
                null,
                Outcome.SUCCESS,
                null);
    }
}
