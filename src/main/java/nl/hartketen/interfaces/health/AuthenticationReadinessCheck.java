package nl.hartketen.interfaces.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while no identity provider is configured: every request would be refused (there is no default user). */
@Readiness
@ApplicationScoped
public class AuthenticationReadinessCheck implements HealthCheck {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keys;

    @Override
    public HealthCheckResponse call() {
        boolean configured = issuer.filter(s -> !s.isBlank()).isPresent()
                && keys.filter(s -> !s.isBlank()).isPresent();
        return HealthCheckResponse.named("authentication")
                .status(configured)
                .withData(
                        "detail",
                        configured
                                ? "tokens are checked against " + issuer.get()
                                : "set mp.jwt.verify.issuer and mp.jwt.verify.publickey.location (see docs/security.md)")
                .build();
    }
}
