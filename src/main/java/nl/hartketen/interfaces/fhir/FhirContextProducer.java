package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one FHIR R4 context (expensive to create: seconds) and our search parameters, shared by everything. */
@ApplicationScoped
public class FhirContextProducer {

    private final FhirContext context = create();

    private static FhirContext create() {
        FhirContext context = FhirContext.forR4();
        // HAPI's parser silently drops unknown elements and wrong-typed values by default: a referral would lose part
        // of what the GP wrote. Strict parsing refuses such input instead.
        context.setParserErrorHandler(new StrictErrorHandler());
        return context;
    }

    @Produces
    public FhirContext fhirContext() {
        return context;
    }
}
