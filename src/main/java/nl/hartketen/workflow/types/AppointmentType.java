package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.chain.CareChain;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Reference;

/** An appointment for a referral, by the organization asked to act; it moves the referral's Task. */
@ApplicationScoped
public class AppointmentType extends StoredType<Appointment> {

    public AppointmentType() {
        super(Appointment.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Appointment> search) {
        search.reference(
                        "based-on",
                        "The referral the appointment is for",
                        "ServiceRequest",
                        a -> references("based-on", a.getBasedOn().toArray(new Reference[0])))
                .reference(
                        "patient",
                        "The patient",
                        "Patient",
                        a -> references(
                                "patient",
                                a.getParticipant().stream()
                                        .map(Appointment.AppointmentParticipantComponent::getActor)
                                        .filter(actor -> actor.hasReference()
                                                && actor.getReference().startsWith("Patient/"))
                                        .toArray(Reference[]::new)))
                .token(
                        "status",
                        "proposed | pending | booked | arrived | fulfilled | cancelled | noshow …",
                        a -> code("status", a.getStatusElement()))
                .date("date", "When the appointment starts", a -> date("date", a.getStartElement()))
                .include("based-on", "basedOn");
    }

    @Inject
    private CareChain chain;

    @Override
    public Optional<String> patientOf(Appointment appointment) {
        return appointment.getParticipant().stream()
                .map(Appointment.AppointmentParticipantComponent::getActor)
                .filter(actor -> actor.hasReference() && actor.getReference().startsWith("Patient/"))
                .findFirst()
                .flatMap(References::relative);
    }

    @Override
    protected AfterStore rules(Appointment appointment, Caller caller) {
        String request = chain.checkAppointment(appointment, caller);
        return reference -> chain.appointmentWritten(reference, appointment, request, caller);
    }
}
