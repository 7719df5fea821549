package nl.hartketen.interfaces.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.NotCommitted;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.interfaces.security.NotAuthenticated;

/** Errors of the /api endpoints as JSON problems (RFC 9457), never the server's HTML error page or a stack trace. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    /** The body of an error answer. */
    public record Problem(String title, int status, String detail) {}

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof NotAuthenticated missing) {
            return problem(Response.Status.UNAUTHORIZED, "Authentication required: " + missing.getMessage());
        }
        if (failure instanceof AccessDenied denied) {
            return problem(Response.Status.FORBIDDEN, "Access denied: " + denied.getMessage());
        }
        if (failure instanceof ResourceNotFound missing) {
            return problem(Response.Status.NOT_FOUND, missing.getMessage());
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return problem(Response.Status.fromStatusCode(web.getResponse().getStatus()), web.getMessage());
        }
        String incident = UUID.randomUUID().toString();
        if (failure instanceof NotCommitted rolledBack) {
            LOG.log(Level.WARNING, "Incident " + incident + " (not committed: " + rolledBack.getMessage() + ")");
            return Response.fromResponse(problem(
                            Response.Status.SERVICE_UNAVAILABLE,
                            "The change was not stored: " + rolledBack.getMessage() + " (incident " + incident
                                    + "); send it again"))
                    .header("Retry-After", "2")
                    .build();
        }
        LOG.log(Level.SEVERE, "Incident " + incident, failure);
        return problem(
                Response.Status.INTERNAL_SERVER_ERROR,
                "The server failed to handle this request (incident " + incident + ")");
    }

    private static Response problem(Response.Status status, String detail) {
        return Response.status(status)
                .type("application/problem+json")
                .entity(new Problem(status.getReasonPhrase(), status.getStatusCode(), detail))
                .build();
    }
}
