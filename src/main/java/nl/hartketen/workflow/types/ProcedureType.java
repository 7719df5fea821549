package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.patient;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.chain.CareChain;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;

/** The treatment a procedure request decided on; a completed one ends the wait for treatment. */
@ApplicationScoped
public class ProcedureType extends StoredType<Procedure> {

    public ProcedureType() {
        super(Procedure.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Procedure> search) {
        search.reference(
                        "based-on",
                        "The procedure request it carries out",
                        "ServiceRequest",
                        r -> references("based-on", r.getBasedOn().toArray(new Reference[0])))
                .reference("subject", "The patient", "Patient", r -> references("subject", r.getSubject()))
                .reference("patient", "The patient", "Patient", r -> patient("patient", r.getSubject()))
                .token(
                        "status",
                        "preparation | in-progress | completed | not-done …",
                        r -> code("status", r.getStatusElement()))
                .token("code", "What was done", r -> concepts("code", List.of(r.getCode())))
                .date(
                        "date",
                        "When it was performed",
                        r -> r.hasPerformedDateTimeType()
                                ? date("date", r.getPerformedDateTimeType())
                                : r.hasPerformedPeriod()
                                                && r.getPerformedPeriod().hasStart()
                                        ? date("date", r.getPerformedPeriod().getStartElement())
                                        : List.of())
                .include("based-on", "basedOn");
    }

    @Inject
    private CareChain chain;

    @Override
    public Optional<String> patientOf(Procedure procedure) {
        return patientIn(procedure.getSubject());
    }

    @Override
    protected AfterStore rules(Procedure procedure, Caller caller) {
        String request = chain.checkProcedure(procedure, caller);
        return reference -> chain.procedureWritten(reference, procedure, request, caller);
    }
}
