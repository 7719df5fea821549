package nl.hartketen.interfaces.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.audit.Access;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.audit.Reading;

/**
 * Writes the one audit entry of every /api request whose resource said what it reads ({@link #reading}), however it
 * ended: answered, refused, a bad parameter, not found or a server error (the answer {@link ProblemMapper} made of
 * it). Runs before the answer is written, so an entry that cannot be written costs the caller the data, not the audit
 * trail its entry. It runs after the resource's work, so a failure's entry is written in a transaction of its own.
 */
@Provider
@ApplicationScoped
public class ApiAudit implements ContainerResponseFilter {

    private static final String READING = ApiAudit.class.getName() + ".reading";

    private AuditTrail trail;

    protected ApiAudit() {
        // for CDI
    }

    @Inject
    public ApiAudit(AuditTrail trail) {
        this.trail = trail;
    }

    private record Noted(Caller caller, Reading reading) {}

    /**
     * Says what the request reads, as soon as its caller is known and before anything else can fail, so that a
     * refusal or a bad parameter is recorded too; the resource adds what it learns on the way.
     *
     * @param what the figures or records read, as the entry names them ("network-census")
     */
    public static Reading reading(HttpServletRequest request, Caller caller, String what) {
        Reading reading = new Reading(what);
        request.setAttribute(READING, new Noted(caller, reading));
        return reading;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        // The servlet request's attributes are the request context's properties. Removed first: one entry, even when
        // a failure to write it has its answer filtered again.
        if (!(request.getProperty(READING) instanceof Noted noted)) {
            return;
        }
        request.removeProperty(READING);
        int status = response.getStatus();
        String detail = status < 400
                ? null
                : response.getEntity() instanceof ProblemMapper.Problem problem
                        ? status + " " + problem.detail()
                        : String.valueOf(status);
        trail.record(
                noted.caller(),
                noted.reading()
                        .ended(
                                status < 400
                                        ? Access.Outcome.SUCCESS
                                        : status >= 500 ? Access.Outcome.SERIOUS_FAILURE : Access.Outcome.MINOR_FAILURE,
                                detail));
    }
}
