package nl.hartketen.workflow.data;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Logger;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The demo data set for the HartNet Noord-Nederland network (loaded before it, with the networks): GPs,
 * cardiologists, patients and one referral, through the same transaction processing as any client's Bundle, once.
 * The identifiers are made up; the BSNs come from the range reserved for testing.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());
    private static final String BUNDLE = "demo/hartnet-people.json";
    /** Stored once the demo data is loaded. */
    private static final String MARKER_TYPE = "ServiceRequest";

    private static final String MARKER_ID = "demo-referral-chest-pain";

    @Inject
    FhirContext context;

    @Inject
    TransactionProcessor transactions;

    @Inject
    ResourceService resources;

    public void loadOnce() {
        if (resources.exists(MARKER_TYPE, MARKER_ID)) {
            LOG.info("Demo data: loaded before; nothing loaded now");
            return;
        }
        Bundle response = transactions.process(read(), Caller.system());
        LOG.info(() -> "Demo data: loaded " + response.getEntry().size() + " resources (" + BUNDLE + ")");
    }

    private Bundle read() {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            return context.newJsonParser().parseResource(Bundle.class, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
