package nl.hartketen.interfaces.fhir.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Our profiles, code systems and value sets from fhir-profiles/ (copied onto the class path by the build).
 * fhir-profiles/index.txt names them, so that nothing depends on listing a directory inside a WAR or jar.
 */
public final class ConformanceResources {

    private static final String ROOT = "fhir-profiles/";

    private ConformanceResources() {
    }

    public static List<IBaseResource> load(FhirContext context) {
        List<IBaseResource> resources = new ArrayList<>();
        for (String name : read(ROOT + "index.txt").lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList()) {
            resources.add(context.newJsonParser().parseResource(read(ROOT + name)));
        }
        return resources;
    }

    private static String read(String path) {
        try (InputStream in = ConformanceResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
