package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.function.Function;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.transaction.BatchProcessor;
import nl.hartketen.workflow.transaction.TransactionEntryFailure;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import org.hl7.fhir.r4.model.Bundle;

/** POST of a transaction or batch Bundle to the base URL. */
public class TransactionProvider {

    private final TransactionProcessor transactions;
    private final BatchProcessor batches;
    private final RequestCaller callers;
    private final Function<TransactionEntryFailure, Bundle.BundleEntryComponent> failedEntry;

    /** @param failedEntry a batch entry's failure as its response entry (the error translation of the FHIR face) */
    public TransactionProvider(
            TransactionProcessor transactions,
            BatchProcessor batches,
            RequestCaller callers,
            Function<TransactionEntryFailure, Bundle.BundleEntryComponent> failedEntry) {
        this.transactions = transactions;
        this.batches = batches;
        this.callers = callers;
        this.failedEntry = failedEntry;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        Caller caller = callers.of(request);
        if (bundle.getType() != Bundle.BundleType.BATCH) {
            return transactions.process(bundle, caller);
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        for (BatchProcessor.EntryResult result : batches.process(bundle, caller)) {
            response.addEntry(
                    result.succeeded() ? result.written().responseEntry() : failedEntry.apply(result.failure()));
        }
        return response;
    }
}
