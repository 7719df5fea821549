package nl.hartketen.workflow.search;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** Literal references reduced to the form we store and compare: "Type/id". */
public final class References {

    private References() {
    }

    /** "Patient/1", "http://host/fhir/Patient/1/_history/2" → "Patient/1"; empty for a contained or logical-only reference. */
    public static Optional<String> relative(Reference reference) {
        if (reference == null || !reference.hasReference() || reference.getReference().startsWith("#")) {
            return Optional.empty();
        }
        return relative(reference.getReference());
    }

    /** The first of {@code references} to a resource of {@code type} ("ServiceRequest"), as "Type/id". */
    public static Optional<String> firstOf(List<Reference> references, String type) {
        return references.stream().map(References::relative).flatMap(Optional::stream)
                .filter(reference -> reference.startsWith(type + "/")).findFirst();
    }

    /** The id in a "Type/id" reference known to be to a {@code type}: ("ServiceRequest/r1", "ServiceRequest") → "r1". */
    public static String idOf(String reference, String type) {
        return reference.substring(type.length() + 1);
    }

    public static Optional<String> relative(String reference) {
        IdType id = new IdType(reference);
        if (!id.hasResourceType() || !id.hasIdPart()) {
            return Optional.empty();
        }
        return Optional.of(id.getResourceType() + "/" + id.getIdPart());
    }

    /** The patient ("Patient/id") whose data a resource is: the Patient itself, a request's subject, a task's for, a document's, procedure's, message's or report's subject, an appointment's or episode's patient. */
    public static Optional<String> patientOf(Resource resource) {
        if (resource instanceof Patient) {
            return Optional.of("Patient/" + resource.getIdElement().getIdPart());
        }
        Reference subject = resource instanceof ServiceRequest request ? request.getSubject()
                : resource instanceof Task task ? task.getFor()
                : resource instanceof DocumentReference document ? document.getSubject()
                : resource instanceof Procedure procedure ? procedure.getSubject()
                : resource instanceof Communication communication ? communication.getSubject()
                : resource instanceof DiagnosticReport report ? report.getSubject()
                : resource instanceof EpisodeOfCare episode ? episode.getPatient()
                : resource instanceof Appointment appointment ? appointment.getParticipant().stream()
                        .map(Appointment.AppointmentParticipantComponent::getActor)
                        .filter(actor -> actor.hasReference() && actor.getReference().startsWith("Patient/")).findFirst().orElse(null)
                : null;
        return subject == null ? Optional.empty() : relative(subject).filter(reference -> reference.startsWith("Patient/"));
    }
}
