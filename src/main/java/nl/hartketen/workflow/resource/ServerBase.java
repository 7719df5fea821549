package nl.hartketen.workflow.resource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address clients reach /fhir at ({@code hartketen.base-url}, e.g. https://hartketen.example.nl/fhir): what links,
 * locations and the CapabilityStatement say, never the client's Host header, which anyone can set. Unset, it is the
 * listener's own address, right for the loopback demo; behind a proxy, set it.
 */
@ApplicationScoped
public class ServerBase {

    private Optional<String> configured;

    protected ServerBase() {}

    @Inject
    public ServerBase(@ConfigProperty(name = "hartketen.base-url") Optional<String> configured) {
        this.configured =
                configured.map(String::trim).filter(url -> !url.isEmpty()).map(url -> url.replaceAll("/+$", ""));
    }

    /** The configured base of the R4 endpoint, without a trailing slash. */
    public Optional<String> configured() {
        return configured;
    }
}
