package nl.hartketen.interfaces.fhir.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.logging.Logger;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Bundle;

import nl.hartketen.application.ResourceService;
import nl.hartketen.application.SearchQuery;
import nl.hartketen.application.access.Caller;
import nl.hartketen.interfaces.fhir.transaction.TransactionProcessor;

/**
 * The demo data set (HartNet Noord-Nederland: hospitals, GP practices, GPs, cardiologists, patients and one
 * referral), loaded through the same transaction processing as any client's Bundle, on a database without
 * organizations. The identifiers are made up; the BSNs come from the range reserved for testing.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());
    private static final String BUNDLE = "demo/hartnet-noord-nederland.json";

    @Inject
    FhirContext context;

    @Inject
    TransactionProcessor transactions;

    @Inject
    ResourceService resources;

    public void loadIfEmpty() {
        if (resources.count(new SearchQuery("Organization", List.of(), SearchQuery.Sort.LAST_UPDATED_DESCENDING)) > 0) {
            LOG.info("Demo data: the database has organizations already; nothing loaded");
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
