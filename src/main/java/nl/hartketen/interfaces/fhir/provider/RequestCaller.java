package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import nl.hartketen.application.access.Caller;
import nl.hartketen.interfaces.security.Callers;

/** Who is making a FHIR request: the caller of its verified token. */
public final class RequestCaller {

    private final Callers callers;

    public RequestCaller(Callers callers) {
        this.callers = callers;
    }

    public Caller of(RequestDetails request) {
        return callers.of(((ServletRequestDetails) request).getServletRequest());
    }
}
