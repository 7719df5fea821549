package nl.hartketen.workflow.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.AccessPolicy;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

class StoredTypesTest {

    private final StoredTypes types = UnwiredTypes.all();

    @Test
    void eachResourceNamesThePatientWhoseDataItIs() {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setPatient(new Reference("Patient/p3"));
        ServiceRequest request = new ServiceRequest();
        request.setSubject(new Reference("http://example.org/fhir/Patient/p4/_history/2"));
        Appointment appointment = new Appointment();
        appointment.addParticipant().setActor(new Reference("Practitioner/d1"));
        appointment.addParticipant().setActor(new Reference("Patient/p5"));
        Patient patient = new Patient();
        patient.setId("p6");

        assertEquals(Optional.of("Patient/p3"), types.patientOf(episode));
        assertEquals(Optional.of("Patient/p4"), types.patientOf(request));
        assertEquals(Optional.of("Patient/p5"), types.patientOf(appointment));
        assertEquals(Optional.of("Patient/p6"), types.patientOf(patient));
        assertEquals(Optional.empty(), types.patientOf(new Organization()));
    }

    @Test
    void everyTypeOfPatientDataNamesItsPatient() {
        for (StoredType<?> type : types.all()) {
            if (AccessPolicy.isPatientData(type.name()) && !type.name().equals("Patient")) {
                assertTrue(hasSubjectLike(type), type.name() + " is patient data, so its handler must say whose");
            }
        }
    }

    @Test
    void aTransactionWritesWhatIsReferredToFirst() {
        List<String> order = types.writtenInTransactions();

        assertTrue(order.indexOf("Organization") < order.indexOf("Patient"));
        assertTrue(order.indexOf("Patient") < order.indexOf("ServiceRequest"));
        assertTrue(order.indexOf("DocumentReference") < order.indexOf("ServiceRequest"));
        assertTrue(order.indexOf("ServiceRequest") < order.indexOf("Task"));
        assertFalse(order.contains("EpisodeOfCare"), "kept by the server");
        assertFalse(order.contains("AuditEvent"), "written by the server only");
        assertFalse(order.contains("Communication"), "a consult message moves its Task on its own");
    }

    @Test
    void searchParametersComeFromTheHandlers() {
        assertTrue(types.searchParameters().find("ServiceRequest", "performer").isPresent());
        assertTrue(types.searchParameters().find("Task", "business-status").isPresent());
        assertEquals(Optional.empty(), types.searchParameters().find("Task", "performer"));
    }

    /** Whether the handler finds a patient in an instance whose subject-like elements all point at one. */
    private static boolean hasSubjectLike(StoredType<?> type) {
        return patientOfFilled(type).isPresent();
    }

    private static <R extends org.hl7.fhir.r4.model.Resource> Optional<String> patientOfFilled(StoredType<R> type) {
        R resource;
        try {
            resource = type.resourceClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (String element : List.of("subject", "patient", "for")) {
            var child = resource.getNamedProperty(element);
            if (child != null) {
                resource.setProperty(element, new Reference("Patient/p1"));
            }
        }
        if (resource instanceof Appointment appointment) {
            appointment.addParticipant().setActor(new Reference("Patient/p1"));
        }
        return type.patientOf(resource);
    }
}
