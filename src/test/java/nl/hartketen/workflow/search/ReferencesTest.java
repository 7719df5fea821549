package nl.hartketen.workflow.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void anEpisodeIsItsPatientsData() {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setPatient(new Reference("Patient/p3"));

        assertEquals(Optional.of("Patient/p3"), References.patientOf(episode));
    }
}
