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
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Reference;

/** The report that answers a telediagnostics request. */
@ApplicationScoped
public class DiagnosticReportType extends StoredType<DiagnosticReport> {

    public DiagnosticReportType() {
        super(DiagnosticReport.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<DiagnosticReport> search) {
        search.reference(
                        "based-on",
                        "The telediagnostics request it reports on",
                        "ServiceRequest",
                        d -> references("based-on", d.getBasedOn().toArray(new Reference[0])))
                .reference("subject", "The patient", "Patient", d -> references("subject", d.getSubject()))
                .reference("patient", "The patient", "Patient", d -> patient("patient", d.getSubject()))
                .token(
                        "status",
                        "registered | preliminary | final | amended …",
                        d -> code("status", d.getStatusElement()))
                .token("code", "The test (echo, holter, CT coronary)", d -> concepts("code", List.of(d.getCode())))
                .date(
                        "issued",
                        "When the report was issued",
                        d -> d.hasIssuedElement() ? date("issued", d.getIssuedElement()) : List.of())
                .include("based-on", "basedOn");
    }

    @Inject
    private Consults consults;

    /** Sent on its own, never in a transaction: a final report completes its request's Task. */
    @Override
    public boolean inTransactions() {
        return false;
    }

    @Override
    public Optional<String> patientOf(DiagnosticReport report) {
        return patientIn(report.getSubject());
    }

    @Override
    protected AfterStore rules(DiagnosticReport report, Caller caller) {
        String request = consults.checkReport(report, caller);
        return reference -> consults.reportWritten(reference, report, request, caller);
    }
}
