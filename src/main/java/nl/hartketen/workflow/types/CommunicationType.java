package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.patient;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;

/** A message of a meekijkconsult's conversation between the GP and the cardiologist. */
@ApplicationScoped
public class CommunicationType extends StoredType<Communication> {

    public CommunicationType() {
        super(Communication.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Communication> search) {
        search.reference(
                        "based-on",
                        "The meekijkconsult the message belongs to",
                        "ServiceRequest",
                        c -> references("based-on", c.getBasedOn().toArray(new Reference[0])))
                .reference("subject", "The patient", "Patient", c -> references("subject", c.getSubject()))
                .reference("patient", "The patient", "Patient", c -> patient("patient", c.getSubject()))
                .reference("sender", "Who sent the message", "Organization", c -> references("sender", c.getSender()))
                .reference(
                        "recipient",
                        "To whom",
                        "Organization",
                        c -> references("recipient", c.getRecipient().toArray(new Reference[0])))
                .token(
                        "category",
                        "question | answer | information-request | information",
                        c -> concepts("category", c.getCategory()))
                .date("sent", "When it was sent", c -> date("sent", c.getSentElement()))
                .include("based-on", "basedOn");
    }

    @Inject
    private Consults consults;

    /** Sent on its own, never in a transaction: each message moves its consult's Task. */
    @Override
    public boolean inTransactions() {
        return false;
    }

    @Override
    public Optional<String> patientOf(Communication communication) {
        return patientIn(communication.getSubject());
    }

    @Override
    protected AfterStore rules(Communication communication, Caller caller) {
        Consults.Message message = consults.checkCommunication(communication, caller);
        return reference -> consults.communicationWritten(reference, communication, message, caller);
    }
}
