package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.application.chain.EpisodeIndex;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.workflow.chain.Episodes;
import nl.hartketen.workflow.resource.StoredElsewhere;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Where a patient is along a care path, kept by the server from the requests (clients read it). Its referral list
 * grows with every request of its chain, so it is kept as the chain's links ({@link EpisodeIndex}) and shown from
 * there: a request adds a link and a version, not a rewrite of the whole episode ({@code Episodes}).
 */
@ApplicationScoped
public class EpisodeOfCareType extends StoredType<EpisodeOfCare> implements StoredElsewhere {

    @Inject
    private EpisodeIndex index;

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
                        Episodes.INCOMING_REFERRAL,
                        "A request of the episode's chain",
                        "ServiceRequest",
                        e -> references(
                                Episodes.INCOMING_REFERRAL,
                                e.getReferralRequest().toArray(new Reference[0])))
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
    public String type() {
        return name();
    }

    /** The requests linked up to the version read, after those in the stored resource (before links had versions). */
    @Override
    public void addTo(Resource resource, StoredResource stored) {
        EpisodeOfCare episode = (EpisodeOfCare) resource;
        Set<String> listed = episode.getReferralRequest().stream()
                .map(Reference::getReference)
                .collect(Collectors.toSet());
        index.requestsOf(stored.id(), stored.version()).stream()
                .filter(request -> !listed.contains(request))
                .forEach(request -> episode.addReferralRequest(new Reference(request)));
    }

    @Override
    public Optional<String> patientOf(EpisodeOfCare episode) {
        return patientIn(episode.getPatient());
    }
}
