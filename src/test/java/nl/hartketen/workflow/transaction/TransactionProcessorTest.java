package nl.hartketen.workflow.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.workflow.types.UnwiredTypes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;

/**
 * A transaction that names one fullUrl twice, writes one resource twice or has more entries than a client may send
 * fails before anything is written.
 */
class TransactionProcessorTest {

    /** Nothing to write with: the plan must refuse the Bundle before it gets that far. At most 3 entries from a client. */
    private final TransactionProcessor processor =
            new TransactionProcessor(null, UnwiredTypes.all(), null, null, FhirContext.forR4Cached(), 3, 30);

    private static Bundle transaction() {
        return new Bundle().setType(Bundle.BundleType.TRANSACTION);
    }

    private static void add(Bundle bundle, String fullUrl, Bundle.HTTPVerb method, String url) {
        Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(new Organization().setName("O"));
        entry.setFullUrl(fullUrl);
        entry.getRequest().setMethod(method).setUrl(url);
    }

    @Test
    void twoEntriesWithOneFullUrlAreRefusedNamingBoth() {
        Bundle bundle = transaction();
        add(bundle, "urn:uuid:a", Bundle.HTTPVerb.POST, "Organization");
        add(bundle, "urn:uuid:b", Bundle.HTTPVerb.POST, "Organization");
        add(bundle, "urn:uuid:a", Bundle.HTTPVerb.POST, "Organization");
        String message = assertThrows(InvalidRequestException.class, () -> processor.process(bundle, Caller.system()))
                .getMessage();
        assertEquals(
                "Bundle.entry[0] and Bundle.entry[2] have the same fullUrl 'urn:uuid:a': each entry needs its own",
                message);
    }

    @Test
    void twoWritesOfOneResourceAreRefusedNamingBoth() {
        Bundle bundle = transaction();
        add(bundle, null, Bundle.HTTPVerb.PUT, "Organization/o1");
        add(bundle, null, Bundle.HTTPVerb.PUT, "Organization/o2");
        add(bundle, null, Bundle.HTTPVerb.PUT, "Organization/o1");
        String message = assertThrows(InvalidRequestException.class, () -> processor.process(bundle, Caller.system()))
                .getMessage();
        assertEquals(
                "Bundle.entry[0] and Bundle.entry[2] both write Organization/o1: a transaction writes each resource once",
                message);
    }

    @Test
    void aClientsBundleOverTheEntryLimitIsRefusedWithHowToSplitIt() {
        Bundle bundle = transaction();
        for (int i = 0; i < 4; i++) {
            add(bundle, "urn:uuid:" + i, Bundle.HTTPVerb.POST, "Organization");
        }
        Caller gp = new Caller("gp-1", "Dr. Test", Role.GP, null, null, null, "Organization/practice", "127.0.0.1");
        PayloadTooLargeException refusal =
                assertThrows(PayloadTooLargeException.class, () -> processor.process(bundle, gp));
        assertEquals(413, refusal.getStatusCode());
        assertTrue(
                refusal.getMessage().contains("4 entries; at most 3")
                        && refusal.getMessage().contains("Split it"),
                refusal.getMessage());
    }
}
