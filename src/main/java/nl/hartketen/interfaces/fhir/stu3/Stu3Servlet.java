package nl.hartketen.interfaces.fhir.stu3;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import java.util.List;
import nl.hartketen.interfaces.fhir.AuditInterceptor;
import nl.hartketen.interfaces.fhir.ErrorTranslator;
import nl.hartketen.interfaces.fhir.FhirEndpoint;
import nl.hartketen.interfaces.fhir.StrictJson;
import nl.hartketen.interfaces.fhir.StrictXml;
import nl.hartketen.interfaces.fhir.provider.RequestCaller;
import nl.hartketen.interfaces.fhir.provider.SearchPages;
import nl.hartketen.interfaces.fhir.provider.WarningResponses;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Practitioner;
import org.hl7.fhir.dstu3.model.ReferralRequest;

/**
 * The FHIR STU3 endpoint at /fhir/stu3, for the many Dutch systems that still speak FHIR 3.0: ReferralRequest, Patient,
 * Organization and Practitioner, stored as the same R4 resources an R4 client sees at /fhir.
 */
@WebServlet(urlPatterns = "/fhir/stu3/*", loadOnStartup = 2)
public class Stu3Servlet extends FhirEndpoint {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient FhirContext r4Context;

    @Inject
    private transient ResourceReader reader;

    @Inject
    private transient ResourceWriter writer;

    @Inject
    private transient SearchParameters searchParameters;

    @Inject
    private transient Callers callers;

    @Inject
    private transient AuditTrail auditTrail;

    public Stu3Servlet() {
        super("/stu3");
    }

    @Override
    protected void configure() {
        FhirContext stu3Context = FhirContext.forDstu3();
        // As for R4: refuse input the parser would otherwise accept while dropping part of it.
        stu3Context.setParserErrorHandler(new StrictErrorHandler());
        setFhirContext(stu3Context);
        setServerName("Hartketen (FHIR STU3)");
        setImplementationDescription("Hartketen referral and care-path manager, STU3 ReferralRequest exchange");
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setDefaultPrettyPrint(false);
        Stu3Conversion conversion =
                new Stu3Conversion(stu3Context, r4Context, new DirectoryRoles(reader, searchParameters));
        RequestCaller requestCaller = new RequestCaller(callers);
        List<IResourceProvider> providers = List.of(
                new Stu3ResourceProvider<>(
                        ReferralRequest.class, reader, writer, searchParameters, requestCaller, conversion),
                new Stu3ResourceProvider<>(Patient.class, reader, writer, searchParameters, requestCaller, conversion),
                new Stu3ResourceProvider<>(
                        Organization.class, reader, writer, searchParameters, requestCaller, conversion),
                new Stu3ResourceProvider<>(
                        Practitioner.class, reader, writer, searchParameters, requestCaller, conversion));
        setResourceProviders(providers);
        setPagingProvider(new SearchPages(providers));
        registerInterceptor(new StrictJson());
        registerInterceptor(new StrictXml());
        registerInterceptor(new ErrorTranslator(r4Context, conversion::inStu3));
        registerInterceptor(
                new AuditInterceptor(auditTrail, requestCaller, conversion::asStored, conversion::storedType));
        registerInterceptor(new WarningResponses());
    }
}
