package nl.hartketen.it;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Referrals from GP practice De Linde to Martini, both in the shipped HartNet network, sent and seen at moments a test
 * chooses, so that their waits are known. Each test picks a period no other test has waits in.
 */
final class MartiniReferrals {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";
    static final String DE_LINDE_URA = "90002001";
    static final String MARTINI_URA = "90001002";

    private final Practitioner gp;
    private final String gpToken;
    private final IGenericClient deLinde;
    private final IGenericClient martini;

    MartiniReferrals(ContainerTest test) {
        gp = test.newPractitioner("Gp" + ContainerTest.unique());
        gpToken = Tokens.token("gp", gp.getIdentifierFirstRep().getValue(), DE_LINDE_URA);
        deLinde = test.clientAs(gpToken);
        martini = test.clientAs(Tokens.token("cardiologist", "01" + ContainerTest.unique(), MARTINI_URA));
    }

    /** A token of the De Linde GP: someone who may not see the network's waiting times. */
    String gpToken() {
        return gpToken;
    }

    /** A referral sent at {@code authoredLocal} (Amsterdam time), not yet seen. */
    ServiceRequest sent(String authoredLocal) {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference("Organization/hap-de-linde"));
        patient.addIdentifier().setSystem("https://test.example/patient").setValue(ContainerTest.unique());
        patient.addName().setFamily("Wacht" + ContainerTest.unique());
        patient = (Patient) deLinde.create().resource(patient).execute().getResource();
        Organization hospital = new Organization();
        hospital.setId("Organization/martini");
        ServiceRequest request = ContainerTest.referral(patient, gp, hospital);
        request.setCode(new CodeableConcept(new Coding(SERVICE, "outpatient-cardiology", "Outpatient cardiology")));
        request.setAuthoredOn(at(authoredLocal));
        return (ServiceRequest) deLinde.create().resource(request).execute().getResource();
    }

    /** A referral sent at {@code authoredLocal} and seen at Martini at {@code visitLocal} (a fulfilled Appointment). */
    ServiceRequest seen(String authoredLocal, String visitLocal) {
        ServiceRequest referral = sent(authoredLocal);
        contact(referral, null, visitLocal);
        return referral;
    }

    /**
     * A fulfilled Appointment at Martini for the referral at {@code local}, of contact {@code kind} (a code of
     * CodeSystem contact-kind; none: no appointmentType, a physical visit).
     */
    void contact(ServiceRequest referral, String kind, String local) {
        martini.create().resource(appointment(referral, kind, local)).execute();
    }

    static Appointment appointment(ServiceRequest referral, String kind, String local) {
        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.FULFILLED);
        appointment.addBasedOn(
                new Reference("ServiceRequest/" + referral.getIdElement().getIdPart()));
        appointment.setStart(at(local));
        appointment.setEnd(new Date(at(local).getTime() + 1_800_000L));
        appointment
                .addParticipant()
                .setActor(referral.getSubject())
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        if (kind != null) {
            appointment.setAppointmentType(
                    new CodeableConcept(new Coding("https://hartketen.nl/fhir/CodeSystem/contact-kind", kind, null)));
        }
        return appointment;
    }

    /** Martini decides to treat the referral with {@code service} and performs it at {@code local}. */
    void treated(ServiceRequest referral, String service, String local) {
        ServiceRequest decision = new ServiceRequest();
        decision.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        decision.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        decision.addCategory(new CodeableConcept(
                new Coding("https://hartketen.nl/fhir/CodeSystem/request-category", "procedure", null)));
        decision.setCode(new CodeableConcept(new Coding(SERVICE, service, null)));
        decision.setSubject(referral.getSubject());
        decision.setRequester(new Reference("Organization/martini"));
        decision.addPerformer(new Reference("Organization/martini"));
        decision.setAuthoredOn(at(local));
        decision.addBasedOn(
                new Reference("ServiceRequest/" + referral.getIdElement().getIdPart()));
        String planned = martini.create().resource(decision).execute().getId().getIdPart();
        Procedure procedure = new Procedure();
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setCode(new CodeableConcept(new Coding(SERVICE, service, null)));
        procedure.setSubject(referral.getSubject());
        procedure.addBasedOn(new Reference("ServiceRequest/" + planned));
        procedure.setPerformed(new DateTimeType(at(local)));
        martini.create().resource(procedure).execute();
    }

    /** A client of a Martini cardiologist. */
    IGenericClient martini() {
        return martini;
    }

    /** A token of a HartNet coordinator, or of {@code network}'s ("cardionovo-plus"). */
    static String coordinatorToken(String network) {
        Map<String, Object> claims = Tokens.claims("coordinator", null, null);
        claims.put("organization_identifier", "https://hartketen.nl/fhir/NamingSystem/network|" + network);
        return Tokens.signed(claims);
    }

    static String coordinatorToken() {
        return coordinatorToken("hartnet-noord-nederland");
    }

    static Date at(String local) {
        return Date.from(LocalDateTime.parse(local).atZone(AMSTERDAM).toInstant());
    }
}
