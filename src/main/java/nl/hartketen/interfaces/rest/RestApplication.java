package nl.hartketen.interfaces.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Whatever is not FHIR lives under /api (the FHIR API is at /fhir). {@link LoginConfig} switches on MicroProfile JWT
 * for the whole application, the FHIR servlet included; web.xml says which paths need a token. (Payara finds the
 * annotation only on a CDI bean, hence the scope.)
 */
@ApplicationScoped
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT", realmName = "hartketen")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Hartketen API",
                        version = "0.1.0",
                        description =
                                "Non-FHIR endpoints of Hartketen. The FHIR R4 API is at /fhir; its CapabilityStatement at /fhir/metadata. FHIR STU3 clients: /fhir/stu3."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "JWT",
        description = "An access token from the network's identity provider (docs/security.md)")
public class RestApplication extends Application {}
