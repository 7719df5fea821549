package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.hartketen.workflow.chain.PerformerSuggestions;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Referrals and other requests, plus {@code $suggest-performer} (who in the network could take a referral) and
 * {@code $convert-to-referral} (a meekijkconsult becomes a referral).
 */
public class ServiceRequestProvider extends StoredResourceProvider<ServiceRequest> {

    private final ResourceWriter writer;
    private final PerformerSuggestions suggestions;

    public ServiceRequestProvider(
            ResourceReader reader,
            ResourceWriter writer,
            SearchParameters searchParameters,
            RequestCaller callers,
            PerformerSuggestions suggestions) {
        super(ServiceRequest.class, reader, writer, searchParameters, callers);
        this.writer = writer;
        this.suggestions = suggestions;
    }

    /**
     * The cardiologist turns a meekijkconsult into a referral. When the GP did not allow that, the answer is 422 and
     * the consult now advises the GP to refer.
     */
    @Operation(name = "$convert-to-referral", idempotent = false)
    public ServiceRequest convertToReferral(@IdParam IdType id, RequestDetails request) {
        return (ServiceRequest)
                writer.convertToReferral(id.getIdPart(), callers.of(request)).resource();
    }

    @Operation(name = "$suggest-performer", idempotent = false)
    public Parameters suggestPerformer(
            @OperationParam(name = "resource", max = 1) ServiceRequest draft,
            @OperationParam(name = "requester", max = 1) Reference requester,
            @OperationParam(name = "service", max = 1) Coding service,
            RequestDetails request) {
        return suggestions.suggest(draft, requester, service, callers.of(request));
    }
}
