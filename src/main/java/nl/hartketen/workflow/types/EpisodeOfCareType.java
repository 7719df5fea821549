package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Reference;

/** Where a patient is along a care path, kept by the server from the requests (clients read it). */
@ApplicationScoped
public class EpisodeOfCareType extends StoredType<EpisodeOfCare> {

    public EpisodeOfCareType() {
        super(EpisodeOfCare.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<EpisodeOfCare> search) {
        search.reference("patient", "The patient", "Patient", e -> references("patient", e.getPatient()))
                .reference(
                        "organization",
                        "Where the patient is now",
                        "Organization",
                        e -> references("organization", e.getManagingOrganization()))
                .token("status", "active | finished …", e -> code("status", e.getStatusElement()))
                .token(
                        "type",
                        "The care path (https://hartketen.nl/fhir/CodeSystem/care-path|chest-pain …)",
                        e -> concepts("type", e.getType()))
                .reference(
                        "incoming-referral",
                        "A request of the episode's chain",
                        "ServiceRequest",
                        e -> references(
                                "incoming-referral", e.getReferralRequest().toArray(new Reference[0])))
                .date(
                        "date",
                        "When the episode began",
                        e -> e.getPeriod().hasStart()
                                ? date("date", e.getPeriod().getStartElement())
                                : List.of())
                .include("patient", "patient")
                .include("organization", "managingOrganization");
    }

    /** Kept by the server from the requests along the chain ({@code Episodes}). */
    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public Optional<String> patientOf(EpisodeOfCare episode) {
        return patientIn(episode.getPatient());
    }
}
