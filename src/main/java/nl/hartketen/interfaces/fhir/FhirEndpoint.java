package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.inject.Inject;
import nl.hartketen.workflow.resource.ServerBase;

/**
 * What the R4 and the STU3 endpoint share: their links are built from the configured base URL ({@link ServerBase}),
 * and neither names the software behind it (HAPI would add X-Powered-By to every answer, and its own version to the
 * CapabilityStatement).
 */
public abstract class FhirEndpoint extends RestfulServer {

    private static final long serialVersionUID = 1L;

    private final String path;

    @Inject
    private transient ServerBase serverBase;

    /** @param path where this endpoint is below /fhir: "" or "/stu3" */
    protected FhirEndpoint(String path) {
        this.path = path;
    }

    @Override
    protected final void initialize() {
        setServerAddressStrategy(addressStrategy());
        setServerVersion(null);
        configure();
    }

    /** Where this endpoint is reached: below the configured base, or else the listener's own address. */
    private IServerAddressStrategy addressStrategy() {
        if (serverBase.configured().isPresent()) {
            return new HardcodedServerAddressStrategy(serverBase.configured().get() + path);
        }
        return (context, request) -> {
            String address = request.getLocalAddr();
            String host = address.contains(":") ? "[" + address + "]" : address;
            return request.getScheme() + "://" + host + ":" + request.getLocalPort() + request.getContextPath()
                    + "/fhir" + path;
        };
    }

    /** The endpoint's context, providers and interceptors. */
    protected abstract void configure();

    @Override
    protected String createPoweredByHeader() {
        return null;
    }
}
