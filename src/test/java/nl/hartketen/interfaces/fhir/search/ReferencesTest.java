package nl.hartketen.interfaces.fhir.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void everyLiteralReferenceIsFoundWhereverItSits() {
        ServiceRequest consult = new ServiceRequest();
        consult.setSubject(new Reference("Patient/p1"));
        consult.addSupportingInfo(new Reference("http://elsewhere.example/fhir/DocumentReference/d1/_history/2"));
        consult.addSupportingInfo(new Reference("#letter"));
        consult.addSupportingInfo(new Reference().setDisplay("a letter on paper"));
        consult.addExtension("https://example.org/related", new Reference("ServiceRequest/r0"));
        DocumentReference contained = new DocumentReference();
        contained.setId("letter");
        contained.setSubject(new Reference("Patient/p2"));
        consult.addContained(contained);

        assertEquals(Set.of("Patient/p1", "DocumentReference/d1", "ServiceRequest/r0", "Patient/p2"), References.allIn(consult));
    }

    @Test
    void referencesInChoiceElementsAndNestedComponentsCount() {
        Task task = new Task();
        task.setFocus(new Reference("ServiceRequest/r1"));
        task.addOutput().setValue(new Reference("ServiceRequest/back1"));
        Communication message = new Communication();
        message.addPayload().setContent(new Reference("DocumentReference/d2"));

        assertEquals(Set.of("ServiceRequest/r1", "ServiceRequest/back1"), References.allIn(task));
        assertEquals(Set.of("DocumentReference/d2"), References.allIn(message));
    }

    @Test
    void anEpisodeIsItsPatientsData() {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setPatient(new Reference("Patient/p3"));

        assertEquals(Optional.of("Patient/p3"), References.patientOf(episode));
    }
}
