package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.types.Written;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * All FHIR interactions of a stored type: those of {@link ReadableResourceProvider} plus create (also conditional)
 * and update (If-Match). Validation, access rules and the audit entry of a write live in {@link ResourceWriter}.
 */
public class StoredResourceProvider<T extends Resource> extends ReadableResourceProvider<T> {

    private final ResourceWriter writer;

    public StoredResourceProvider(
            Class<T> type,
            ResourceReader reader,
            ResourceWriter writer,
            SearchParameters searchParameters,
            RequestCaller callers) {
        super(type, reader, searchParameters, callers);
        this.writer = writer;
    }

    @Create
    public MethodOutcome create(
            @ResourceParam T resource, @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        Written written = conditionalUrl == null
                ? writer.create(resource, null, false, callers.of(request))
                : writer.createIfNoneExist(resource, conditionalUrl, callers.of(request));
        return outcome(written, request);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource, RequestDetails request) {
        Long expectedVersion = id.hasVersionIdPart() ? ClientInput.version(id) : null;
        return outcome(writer.update(id.getIdPart(), resource, expectedVersion, false, callers.of(request)), request);
    }

    /**
     * The written resource; when the write came with warnings, they are the answer instead, unless the client asked
     * for the resource (Prefer: return=representation) or for nothing (return=minimal).
     */
    private static MethodOutcome outcome(Written written, RequestDetails request) {
        return outcome(written.resource(), written.created(), written.warningOutcome(), request);
    }

    /** The answer to a write of {@code resource} (as the client's FHIR version shows it), see {@link #outcome(Written, RequestDetails)}. */
    public static MethodOutcome outcome(
            IBaseResource resource, boolean created, IBaseOperationOutcome warnings, RequestDetails request) {
        MethodOutcome outcome = new MethodOutcome(resource.getIdElement(), created);
        outcome.setResource(resource);
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        if (warnings != null
                && (prefer == null || !prefer.contains("return=") || prefer.contains("return=OperationOutcome"))) {
            WarningResponses.answerWith(request, warnings);
        }
        return outcome;
    }
}
