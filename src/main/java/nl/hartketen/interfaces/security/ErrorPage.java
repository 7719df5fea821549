package nl.hartketen.interfaces.security;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What the server itself answers when a request never reaches the application (no token, unknown path, body too
 * large, not started yet): an OperationOutcome under /fhir, a JSON problem elsewhere. Never the server's HTML page, name or a stack trace.
 */
@WebServlet(urlPatterns = "/error")
public class ErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** A request attribute with what to say, as it is: the container HTML-escapes a message given to sendError. */
    static final String MESSAGE = "nl.hartketen.error.message";

    private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    transient FhirContext fhir;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        boolean hasToken = BearerTokenRequired.carriesBearerToken(request);
        if (status == 403 && request.getUserPrincipal() == null) {
            // The container refuses an unauthenticated request to a protected path with 403; it is a 401.
            status = 401;
        }
        String message = request.getAttribute(MESSAGE) instanceof String ours
                ? ours
                : switch (status) {
                    case 401 ->
                        hasToken
                                ? "The bearer token was refused: it is expired, not yet valid, not for this server, or not signed by the trusted identity provider"
                                : "Authentication required: send an access token as 'Authorization: Bearer <token>'";
                    case 403 -> "Access denied";
                    case 404 -> "There is nothing at " + uri;
                    case 405 -> "This method is not allowed on " + uri;
                    case 413 -> "The request body is too large";
                    case 414 -> "The URL is too long";
                    case 431 -> "A request header is too long";
                    case 503 ->
                        "The server is starting and not ready yet. Nothing was changed. Retry in a few seconds.";
                    case 400 -> "The request is malformed";
                    default -> incident(request);
                };
        if (status > 500 && status != 503) {
            status = 500;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (status == 503) {
            // Only ever for a state that passes (starting up): say when to try again.
            response.setHeader("Retry-After", "5");
        }
        if (status == 401) {
            response.setHeader(
                    "WWW-Authenticate",
                    hasToken ? "Bearer realm=\"hartketen\", error=\"invalid_token\"" : "Bearer realm=\"hartketen\"");
        }
        if (uri.contains("/fhir/") || uri.endsWith("/fhir")) {
            response.setContentType("application/fhir+json");
            response.getWriter().write(fhir.newJsonParser().encodeResourceToString(outcome(status, message)));
        } else {
            response.setContentType("application/problem+json");
            response.getWriter()
                    .write(JSON.writeValueAsString(
                            Map.of("status", status, "title", title(status), "detail", message)));
        }
    }

    private static String incident(HttpServletRequest request) {
        String incident = UUID.randomUUID().toString();
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        LOG.log(Level.SEVERE, "Incident " + incident, failure instanceof Throwable t ? t : null);
        return "The server failed to handle this request (incident " + incident
                + "). Please report the incident number.";
    }

    private static OperationOutcome outcome(int status, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(
                        switch (status) {
                            case 401 -> OperationOutcome.IssueType.LOGIN;
                            case 403 -> OperationOutcome.IssueType.FORBIDDEN;
                            case 404 -> OperationOutcome.IssueType.NOTFOUND;
                            case 413, 414, 431 -> OperationOutcome.IssueType.TOOLONG;
                            case 503 -> OperationOutcome.IssueType.TRANSIENT;
                            case 500 -> OperationOutcome.IssueType.EXCEPTION;
                            default -> OperationOutcome.IssueType.INVALID;
                        })
                .setDiagnostics(message);
        return outcome;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            default -> "Internal Server Error";
        };
    }
}
