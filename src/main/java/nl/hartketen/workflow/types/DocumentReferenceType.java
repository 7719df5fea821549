package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.patient;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.DocumentReference;

/** A letter or attachment about a patient, shared along with the request that carries it. */
@ApplicationScoped
public class DocumentReferenceType extends StoredType<DocumentReference> {

    public DocumentReferenceType() {
        super(DocumentReference.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<DocumentReference> search) {
        search.reference(
                        "subject",
                        "The patient the document is about",
                        "Patient",
                        d -> references("subject", d.getSubject()))
                .reference(
                        "patient",
                        "The patient the document is about",
                        "Patient",
                        d -> patient("patient", d.getSubject()))
                .token(
                        "type",
                        "The kind of document (e.g. LOINC 57133-1 referral note)",
                        d -> concepts("type", List.of(d.getType())))
                .token("status", "current | superseded | entered-in-error", d -> code("status", d.getStatusElement()))
                .date("date", "When the document was made", d -> date("date", d.getDateElement()));
    }

    @Override
    public Optional<String> patientOf(DocumentReference document) {
        return patientIn(document.getSubject());
    }

    /** A document is written about a patient the caller's organization is involved with, and that organization sees it. */
    @Override
    protected AfterStore rules(DocumentReference document, Caller caller) {
        if (!caller.isSystem()) {
            String subject = patientIn(document.getSubject())
                    .orElseThrow(() -> new RuleViolation(
                            "DocumentReference.subject", "a document is about a patient: subject must reference one"));
            access.requireMayRead(caller, "Patient", References.idOf(subject, "Patient"));
        }
        return writerInvolved(caller);
    }
}
