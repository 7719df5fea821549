package nl.hartketen.workflow.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import java.util.List;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.workflow.types.UnwiredTypes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/**
 * Entries a batch cannot take fail on their own, with where and why, before anything is written; a Bundle over the
 * entry limit fails as a whole. (Writing is covered by ApplicationIT's BatchTests, against the server's transactions.)
 */
class BatchProcessorTest {

    /** Nothing to write with: these entries must be refused before they get that far. At most 3 entries. */
    private final BatchProcessor processor = new BatchProcessor(null, UnwiredTypes.all(), null, null, 3, 30);

    private static final Caller GP =
            new Caller("gp-1", "Dr. Test", Role.GP, null, null, null, "Organization/practice", "127.0.0.1");

    private static Bundle batch() {
        return new Bundle().setType(Bundle.BundleType.BATCH);
    }

    @Test
    void entriesThatCannotBeWrittenFailEachWithTheirPlace() {
        Bundle bundle = batch();
        bundle.addEntry()
                .setResource(new Organization().setName("O"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.GET)
                .setUrl("Organization/o1");
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
        bundle.addEntry()
                .setResource(new Organization().setName("O"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Organization");
        bundle.addEntry()
                .setResource(new Parameters().addParameter("p", "v"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Parameters");

        List<BatchProcessor.EntryResult> results = processor.process(bundle, Caller.system());

        assertEquals(4, results.size());
        results.forEach(result -> assertTrue(
                result.failure().getCause() instanceof InvalidRequestException,
                result.failure().getMessage()));
        assertTrue(
                results.get(0)
                        .failure()
                        .getMessage()
                        .startsWith("Bundle.entry[0]: request.method must be POST or PUT in a batch, not 'GET'"),
                results.get(0).failure().getMessage());
        assertEquals("Bundle.entry[1].resource", results.get(1).failure().location());
        assertTrue(results.get(2).failure().getMessage().contains("must be Organization/[id] for a PUT"));
        assertTrue(results.get(3).failure().getMessage().contains("Parameters cannot be written here"));
    }

    @Test
    void aBatchOverTheEntryLimitIsRefusedAsAWhole() {
        Bundle bundle = batch();
        for (int i = 0; i < 4; i++) {
            bundle.addEntry()
                    .setResource(new Organization().setName("O"))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Organization");
        }
        PayloadTooLargeException refusal =
                assertThrows(PayloadTooLargeException.class, () -> processor.process(bundle, GP));
        assertTrue(refusal.getMessage().contains("4 entries; at most 3"), refusal.getMessage());
    }
}
