package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

import nl.hartketen.interfaces.fhir.RequestCaller;
import nl.hartketen.interfaces.fhir.ResourceReader;
import nl.hartketen.interfaces.fhir.ResourceWriter;
import nl.hartketen.interfaces.fhir.chain.PerformerSuggestions;
import nl.hartketen.interfaces.fhir.search.SearchParameters;

/** Referrals and other requests, plus {@code $suggest-performer}: who in the network could take a referral. */
public class ServiceRequestProvider extends StoredResourceProvider<ServiceRequest> {

    private final PerformerSuggestions suggestions;

    public ServiceRequestProvider(ResourceReader reader, ResourceWriter writer, SearchParameters searchParameters, RequestCaller callers,
                                  PerformerSuggestions suggestions) {
        super(ServiceRequest.class, reader, writer, searchParameters, callers);
        this.suggestions = suggestions;
    }

    @Operation(name = "$suggest-performer", idempotent = false)
    public Parameters suggestPerformer(@OperationParam(name = "resource", max = 1) ServiceRequest draft,
                                       @OperationParam(name = "requester", max = 1) Reference requester,
                                       @OperationParam(name = "service", max = 1) Coding service,
                                       RequestDetails request) {
        return suggestions.suggest(draft, requester, service, callers.of(request));
    }
}
