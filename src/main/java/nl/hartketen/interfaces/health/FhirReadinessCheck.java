package nl.hartketen.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import nl.hartketen.workflow.data.FhirStartup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the validator is warm (and the demo data loaded, when asked for). */
@Readiness
@ApplicationScoped
public class FhirReadinessCheck implements HealthCheck {

    @Inject
    FhirStartup startup;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fhir-validator")
                .status(startup.isReady())
                .build();
    }
}
