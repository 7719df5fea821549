package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import nl.hartketen.workflow.audit.Reading;

/**
 * What an operation reads, said by its provider for the request's audit entry: the audit interceptor writes the entry
 * from it however the request ends; without it, from what the request asked and what the answer holds.
 */
public final class Readings {

    private static final String KEY = Readings.class.getName();

    private Readings() {}

    /**
     * Says what the request reads, as soon as its caller is known, so that a refusal or a bad parameter is recorded so too.
     *
     * @param what the figures or records read, as the entry names them ("waiting-time-report")
     */
    public static Reading said(RequestDetails request, String what) {
        Reading reading = new Reading(what);
        request.getUserData().put(KEY, reading);
        return reading;
    }

    /** What the request's provider said it reads, if it said. */
    public static Optional<Reading> of(RequestDetails request) {
        return request.getUserData().get(KEY) instanceof Reading reading ? Optional.of(reading) : Optional.empty();
    }
}
