package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.api.BundleInclusionRule;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.hartketen.application.figures.ActivityFigures;
import nl.hartketen.application.waiting.WaitingTimeReport;
import nl.hartketen.interfaces.fhir.provider.AuditEventProvider;
import nl.hartketen.interfaces.fhir.provider.MeasureProvider;
import nl.hartketen.interfaces.fhir.provider.PatientProvider;
import nl.hartketen.interfaces.fhir.provider.ReadableResourceProvider;
import nl.hartketen.interfaces.fhir.provider.RequestCaller;
import nl.hartketen.interfaces.fhir.provider.SearchPages;
import nl.hartketen.interfaces.fhir.provider.ServiceRequestProvider;
import nl.hartketen.interfaces.fhir.provider.StoredResourceProvider;
import nl.hartketen.interfaces.fhir.provider.TransactionProvider;
import nl.hartketen.interfaces.fhir.provider.WarningResponses;
import nl.hartketen.interfaces.reports.FiguresSettings;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.audit.AuditTrailReader;
import nl.hartketen.workflow.chain.Journeys;
import nl.hartketen.workflow.chain.PerformerSuggestions;
import nl.hartketen.workflow.report.NetworkFigures;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.transaction.BatchProcessor;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import nl.hartketen.workflow.types.StoredType;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.write.ResourceWriter;

/** The FHIR R4 endpoint at /fhir: HAPI's plain server with our providers and interceptors. */
@WebServlet(urlPatterns = "/fhir/*", loadOnStartup = 1)
public class FhirServlet extends FhirEndpoint {

    private static final long serialVersionUID = 1L;

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

    @Inject
    private transient BatchProcessor batches;

    @Inject
    private transient Callers callers;

    @Inject
    private transient AuditTrail auditTrail;

    @Inject
    private transient AuditTrailReader auditTrailReader;

    @Inject
    private transient PerformerSuggestions performerSuggestions;

    @Inject
    private transient Journeys journeys;

    @Inject
    private transient StoredTypes types;

    @Inject
    private transient WaitingTimeReport waitingTimes;

    @Inject
    private transient NetworkFigures networkFigures;

    @Inject
    private transient Clock clock;

    @Inject
    private transient ActivityFigures activityFigures;

    @Inject
    private transient FiguresSettings figuresSettings;

    public FhirServlet() {
        super("");
    }

    @Override
    protected void configure() {
        setFhirContext(fhirContext);
        setServerName("Hartketen");
        setImplementationDescription("Hartketen referral and care-path manager");
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setDefaultPrettyPrint(false);
        RequestCaller requestCaller = new RequestCaller(callers);
        List<IResourceProvider> providers = new ArrayList<>();
        types.all().forEach(type -> providers.add(providerOf(type, requestCaller)));
        providers.add(new MeasureProvider(
                fhirContext, waitingTimes, networkFigures, requestCaller, clock, activityFigures, figuresSettings));
        setResourceProviders(providers);
        ErrorTranslator errors = new ErrorTranslator(fhirContext);
        registerProvider(new TransactionProvider(transactions, batches, requestCaller, errors::entryResponse));
        setPagingProvider(new SearchPages(providers));
        // Searches attach exactly the resources their _include asked for (and only what they may return).
        setBundleInclusionRule(BundleInclusionRule.BASED_ON_RESOURCE_PRESENCE);
        registerInterceptor(new StrictJson());
        registerInterceptor(new StrictXml());
        registerInterceptor(errors);
        registerInterceptor(new CapabilityStatementCompletion(searchParameters, types));
        registerInterceptor(new AuditInterceptor(auditTrail, requestCaller));
        registerInterceptor(new WarningResponses());
    }

    /** The provider of a stored type: its own where it has operations, else all interactions its handler allows. */
    private IResourceProvider providerOf(StoredType<?> type, RequestCaller requestCaller) {
        return switch (type.name()) {
            case "Patient" ->
                new PatientProvider(reader, writer, searchParameters, requestCaller, auditTrailReader, journeys);
            case "ServiceRequest" ->
                new ServiceRequestProvider(reader, writer, searchParameters, requestCaller, performerSuggestions);
            case "AuditEvent" -> new AuditEventProvider(reader, searchParameters, requestCaller, auditTrailReader);
            default ->
                type.writable()
                        ? new StoredResourceProvider<>(
                                type.resourceClass(), reader, writer, searchParameters, requestCaller)
                        : new ReadableResourceProvider<>(type.resourceClass(), reader, searchParameters, requestCaller);
        };
    }
}
