package nl.hartketen.interfaces.fhir;

import java.time.Clock;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.api.BundleInclusionRule;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.OrganizationAffiliation;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.waiting.WaitingTimeReport;
import nl.hartketen.interfaces.fhir.audit.AuditInterceptor;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.interfaces.fhir.provider.AuditEventProvider;
import nl.hartketen.interfaces.fhir.provider.PagingGuard;
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.chain.Journeys;
import nl.hartketen.workflow.chain.PerformerSuggestions;
import nl.hartketen.interfaces.fhir.provider.PatientProvider;
import nl.hartketen.interfaces.fhir.provider.ReadableResourceProvider;
import nl.hartketen.interfaces.fhir.provider.ServiceRequestProvider;
import nl.hartketen.interfaces.fhir.provider.StoredResourceProvider;
import nl.hartketen.interfaces.fhir.provider.WarningResponses;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import nl.hartketen.interfaces.fhir.provider.TransactionProvider;
import nl.hartketen.interfaces.fhir.provider.MeasureProvider;
import nl.hartketen.interfaces.reports.ReportAccess;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.write.ResourceWriter;

/** The FHIR R4 endpoint at /fhir: HAPI's plain server with our providers and interceptors. */
@WebServlet(urlPatterns = "/fhir/*", loadOnStartup = 1)
public class FhirServlet extends FhirEndpoint {

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
    @Inject
    private transient Callers callers;
    @Inject
    private transient AccessControl access;
    @Inject
    private transient AuditTrail auditTrail;
    @Inject
    private transient AuditLog auditLog;
    @Inject
    private transient PerformerSuggestions performerSuggestions;
    @Inject
    private transient Journeys journeys;
    @Inject
    private transient Consults consults;
    @Inject
    private transient WaitingTimeReport waitingTimes;
    @Inject
    private transient ReportAccess reportAccess;
    @Inject
    private transient Clock clock;

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
        setResourceProviders(List.of(
                new PatientProvider(reader, writer, searchParameters, requestCaller, access, journeys),
                new StoredResourceProvider<>(Organization.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(Practitioner.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(PractitionerRole.class, reader, writer, searchParameters, requestCaller),
                new ServiceRequestProvider(reader, writer, searchParameters, requestCaller, performerSuggestions, consults),
                new StoredResourceProvider<>(Task.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(Appointment.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(DocumentReference.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(Procedure.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(Communication.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(DiagnosticReport.class, reader, writer, searchParameters, requestCaller),
                new ReadableResourceProvider<>(EpisodeOfCare.class, reader, searchParameters, requestCaller),
                new StoredResourceProvider<>(OrganizationAffiliation.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(HealthcareService.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(Location.class, reader, writer, searchParameters, requestCaller),
                new StoredResourceProvider<>(PlanDefinition.class, reader, writer, searchParameters, requestCaller),
                new AuditEventProvider(reader, searchParameters, requestCaller, auditLog, access),
                new MeasureProvider(fhirContext, waitingTimes, reportAccess, requestCaller, clock)));
        registerProvider(new TransactionProvider(transactions, requestCaller));
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(PAGED_SEARCHES_KEPT);
        paging.setDefaultPageSize(20);
        paging.setMaximumPageSize(500);
        setPagingProvider(paging);
        // Searches attach exactly the resources their _include asked for (and only what they may return).
        setBundleInclusionRule(BundleInclusionRule.BASED_ON_RESOURCE_PRESENCE);
        registerInterceptor(new StrictJson());
        registerInterceptor(new StrictXml());
        registerInterceptor(new ErrorTranslator(fhirContext));
        registerInterceptor(new CapabilityStatementCompletion(searchParameters));
        registerInterceptor(new PagingGuard(paging, requestCaller));
        registerInterceptor(new AuditInterceptor(auditTrail, requestCaller));
        registerInterceptor(new WarningResponses());
    }
}
