package nl.hartketen.workflow.validation;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import nl.hartketen.workflow.resource.ClasspathFiles;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Our profiles, code systems and value sets from fhir-profiles/, as fhir-profiles/index.txt lists them. */
public final class ConformanceResources {

    private static final String ROOT = "fhir-profiles";

    private ConformanceResources() {}

    public static List<IBaseResource> load(FhirContext context) {
        return ClasspathFiles.listed(ROOT).stream()
                .map(path -> context.newJsonParser().parseResource(ClasspathFiles.read(path)))
                .toList();
    }

    /** One of them by its path under fhir-profiles/, e.g. "terminology/CodeSystem-cardiology-service.json". */
    public static <T extends IBaseResource> T load(FhirContext context, String path, Class<T> type) {
        return context.newJsonParser().parseResource(type, ClasspathFiles.read(ROOT + "/" + path));
    }
}
