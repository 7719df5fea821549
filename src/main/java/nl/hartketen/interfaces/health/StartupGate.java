package nl.hartketen.interfaces.health;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import nl.hartketen.workflow.data.FhirStartup;

/**
 * Until the start-up work is done (validator warm, shipped data loaded), the FHIR and /api endpoints answer 503 with
 * Retry-After: a client retries a 503, while the 404 or 500 it would get from half-initialized endpoints reads as final,
 * and a referral would be dropped. The error page writes the message, as an OperationOutcome (FHIR) or a problem (API),
 * and Retry-After.
 */
@WebFilter(urlPatterns = {"/fhir/*", "/api/*"})
public class StartupGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient FhirStartup startup;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (startup.isReady()) {
            chain.doFilter(request, response);
            return;
        }
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
}
