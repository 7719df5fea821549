package nl.hartketen.interfaces.fhir;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.api.BundleInclusionRule;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.interfaces.fhir.provider.StoredResourceProvider;
import nl.hartketen.interfaces.fhir.search.SearchParameters;
import nl.hartketen.interfaces.fhir.transaction.TransactionProcessor;
import nl.hartketen.interfaces.fhir.transaction.TransactionProvider;

/** The FHIR R4 endpoint at /fhir: HAPI's plain server with our providers and interceptors. */
@WebServlet(urlPatterns = "/fhir/*", loadOnStartup = 1)
public class FhirServlet extends RestfulServer {

    private static final long serialVersionUID = 1L;

    /** Searches kept for paging (next links); the oldest are dropped first. */
    private static final int PAGED_SEARCHES_KEPT = 1000;

    @Inject
    private transient FhirContext fhirContext;
    @Inject
    private transient ResourceReader reader;
    @Inject
    private transient ResourceWriter writer;
    @Inject
    private transient SearchParameters searchParameters;
    @Inject
    private transient TransactionProcessor transactions;

    @Override
    protected void initialize() {
        setFhirContext(fhirContext);
        setServerName("Hartketen");
        setImplementationDescription("Hartketen referral and care-path manager");
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setDefaultPrettyPrint(false);
        setResourceProviders(List.of(
                new StoredResourceProvider<>(Patient.class, reader, writer, searchParameters),
                new StoredResourceProvider<>(Organization.class, reader, writer, searchParameters),
                new StoredResourceProvider<>(Practitioner.class, reader, writer, searchParameters),
                new StoredResourceProvider<>(PractitionerRole.class, reader, writer, searchParameters),
                new StoredResourceProvider<>(ServiceRequest.class, reader, writer, searchParameters),
                new StoredResourceProvider<>(Task.class, reader, writer, searchParameters)));
        registerProvider(new TransactionProvider(transactions));
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(PAGED_SEARCHES_KEPT);
        paging.setDefaultPageSize(20);
        paging.setMaximumPageSize(500);
        setPagingProvider(paging);
        // Searches attach exactly the resources their _include asked for (and only what they may return).
        setBundleInclusionRule(BundleInclusionRule.BASED_ON_RESOURCE_PRESENCE);
        registerInterceptor(new StrictJson());
        registerInterceptor(new ErrorTranslator(fhirContext));
        registerInterceptor(new CapabilityStatementCompletion(searchParameters));
    }
}
