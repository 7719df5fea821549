package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import org.hl7.fhir.r4.model.Bundle;

/** POST of a transaction Bundle to the base URL. */
public class TransactionProvider {

    private final TransactionProcessor processor;
    private final RequestCaller callers;

    public TransactionProvider(TransactionProcessor processor, RequestCaller callers) {
        this.processor = processor;
        this.callers = callers;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        return processor.process(bundle, callers.of(request));
    }
}
