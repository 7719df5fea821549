package nl.hartketen.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** Whatever is not FHIR lives under /api (the FHIR API is at /fhir). */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Hartketen API", version = "0.1.0",
        description = "Non-FHIR endpoints of Hartketen. The FHIR R4 API is at /fhir; its CapabilityStatement at /fhir/metadata."))
public class RestApplication extends Application {
}
