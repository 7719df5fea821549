package nl.hartketen.workflow.mapping;

import java.util.List;
import nl.hartketen.domain.figures.ContactKind;
import nl.hartketen.domain.shared.RuleViolation;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Coding;

/**
 * An Appointment's contact kind: the coding of CodeSystem contact-kind in {@code Appointment.appointmentType};
 * physical when it has none (codings of other systems, such as HL7 v2's ROUTINE, say nothing about the kind).
 */
public final class ContactKindMapping {

    public static final String SYSTEM = "https://hartketen.nl/fhir/CodeSystem/contact-kind";
    private static final List<String> APPOINTMENT_KINDS = List.of("physical", "telephone", "video", "written");

    private ContactKindMapping() {}

    /** @throws RuleViolation for a code of ours that is unknown, or telemonitoring (counted from its enrolment) */
    public static ContactKind of(Appointment appointment) {
        List<Coding> ours = appointment.getAppointmentType().getCoding().stream()
                .filter(coding -> SYSTEM.equals(coding.getSystem()))
                .toList();
        if (ours.isEmpty()) {
            return ContactKind.PHYSICAL;
        }
        if (ours.size() > 1) {
            throw new RuleViolation(
                    "Appointment.appointmentType", "one contact kind per appointment, not " + ours.size());
        }
        String code = ours.get(0).getCode();
        return switch (code == null ? "" : code) {
            case "physical" -> ContactKind.PHYSICAL;
            case "telephone" -> ContactKind.TELEPHONE;
            case "video" -> ContactKind.VIDEO;
            case "written" -> ContactKind.WRITTEN;
            case "telemonitoring" ->
                throw new RuleViolation(
                        "Appointment.appointmentType",
                        "telemonitoring is counted from its enrolment, not recorded as an appointment; an appointment is one of: "
                                + String.join(", ", APPOINTMENT_KINDS));
            default ->
                throw new RuleViolation(
                        "Appointment.appointmentType",
                        "contact kind '" + code + "' is not known; use one of: "
                                + String.join(", ", APPOINTMENT_KINDS));
        };
    }
}
