package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.chain.EpisodeIndex;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.CarePath;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Where each patient is: one EpisodeOfCare per patient per care path, kept by the server from the requests along
 * the chain. The first referral opens it; each referral or back-referral moves {@code managingOrganization} to its
 * performer and joins {@code referralRequest}; a back-referral to a GP practice finishes it.
 */
@ApplicationScoped
public class Episodes {

    /** Codes are care-path ids (the PlanDefinitions in fhir-profiles/carepaths). */
    public static final String CARE_PATH_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/care-path";

    /** The search parameter of the requests of an episode's chain (EpisodeOfCareType). */
    public static final String INCOMING_REFERRAL = "incoming-referral";

    private ResourceService resources;
    private ResourceCodec codec;
    private AccessControl access;
    private Organizations organizations;
    private NetworkDirectory directory;
    private CarePaths carePaths;
    private EpisodeIndex index;
    private Clock clock;

    protected Episodes() {}

    @Inject
    public Episodes(
            ResourceService resources,
            ResourceCodec codec,
            AccessControl access,
            Organizations organizations,
            NetworkDirectory directory,
            CarePaths carePaths,
            EpisodeIndex index,
            Clock clock) {
        this.resources = resources;
        this.codec = codec;
        this.access = access;
        this.organizations = organizations;
        this.directory = directory;
        this.carePaths = carePaths;
        this.index = index;
        this.clock = clock;
    }

    /** A request along the chain was stored: the patient's episode follows it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestWritten(
            String reference, ServiceRequest request, RequestCategory category, Optional<String> basedOn) {
        Optional<String> patient =
                References.relative(request.getSubject()).filter(subject -> subject.startsWith("Patient/"));
        if (patient.isEmpty()
                || !(category == RequestCategory.REFERRAL
                        || category == RequestCategory.BACK_REFERRAL
                        || category.actsOnReferral())) {
            return;
        }
        Optional<StoredResource> stored = basedOn.flatMap(this::episodeWith);
        if (stored.isEmpty() && category != RequestCategory.REFERRAL) {
            return;
        }
        Optional<CarePath> carePath = stored.isPresent() ? Optional.empty() : carePath(request);
        if (stored.isEmpty()) {
            stored = openEpisode(patient.get(), carePath);
        }
        EpisodeOfCare episode = stored.map(found -> (EpisodeOfCare) codec.decode(found))
                .orElseGet(() -> newEpisode(patient.get(), carePath, request));
        String before = shown(episode);
        Optional<String> performer = organizations.of(request.getPerformerFirstRep());
        boolean moves = !category.actsOnReferral() && performer.isPresent();
        if (moves) {
            episode.setManagingOrganization(new Reference(performer.get()));
        }
        if (category == RequestCategory.BACK_REFERRAL
                && performer.map(this::isGeneralPractice).orElse(false)) {
            Date now = Date.from(clock.instant());
            episode.addStatusHistory()
                    .setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
                    .setPeriod(new Period()
                            .setStart(episode.getPeriod().getStart())
                            .setEnd(now));
            episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
            episode.getPeriod().setEnd(now);
        }
        String id = stored.map(StoredResource::id).orElseGet(ResourceService::newId);
        long version;
        if (stored.isPresent() && shown(episode).equals(before)) {
            // Only the chain grows: a new version that adds the link, with nothing rewritten.
            version = resources
                    .extend("EpisodeOfCare", id, List.of(IndexEntry.reference(INCOMING_REFERRAL, reference)))
                    .version();
        } else {
            episode.addReferralRequest(new Reference(reference));
            version = resources
                    .createOrUpdate(withoutLinks(episode, id, reference), null)
                    .version();
        }
        access.involveAs("EpisodeOfCare/" + id, reference);
        String currentRequest = moves ? reference : null;
        index.save(
                new EpisodeIndex.Row(
                        id,
                        patient.get(),
                        carePathOf(episode),
                        References.relative(episode.getManagingOrganization()).orElse(null),
                        episode.getStatus().toCode(),
                        episode.getPeriod().hasStart()
                                ? episode.getPeriod().getStart().toInstant()
                                : null,
                        episode.getPeriod().hasEnd()
                                ? episode.getPeriod().getEnd().toInstant()
                                : null,
                        currentRequest),
                reference,
                version);
    }

    /**
     * The episode to store: without the requests it shows from its links ({@link EpisodeIndex#requestsOf}), among them
     * {@code linking}, which is linked next; those linked before links had versions stay in it. Its index still has
     * every request of the chain (incoming-referral).
     */
    private ResourceContent withoutLinks(EpisodeOfCare episode, String id, String linking) {
        ResourceContent full = codec.encode(episode, id);
        Set<String> linked = new HashSet<>(index.requestsOf(id, Long.MAX_VALUE));
        linked.add(linking);
        EpisodeOfCare stored = episode.copy();
        stored.getReferralRequest().removeIf(request -> linked.contains(request.getReference()));
        return new ResourceContent(full.type(), id, codec.encode(stored, id).content(), full.index());
    }

    /** What the episode shows besides its chain. */
    private String shown(EpisodeOfCare episode) {
        EpisodeOfCare rest = episode.copy();
        rest.setReferralRequest(null);
        rest.setMeta(null);
        return codec.encode(rest, null).content();
    }

    private Optional<CarePath> carePath(ServiceRequest request) {
        List<String> reasons = request.getReasonCode().stream()
                .flatMap(concept -> concept.getCoding().stream())
                .filter(coding -> "http://snomed.info/sct".equals(coding.getSystem()))
                .map(Coding::getCode)
                .toList();
        return CarePath.forReasons(carePaths.all(), reasons);
    }

    /** The care path ("heart-failure") of the episode whose chain holds {@code request}, if it has one. */
    public Optional<String> carePathOfRequest(String request) {
        return episodeWith(request).map(stored -> carePathOf((EpisodeOfCare) codec.decode(stored)));
    }

    /** The episode whose chain holds {@code request}. */
    private Optional<StoredResource> episodeWith(String request) {
        return index.episodeWith(request).map(id -> resources.read("EpisodeOfCare", id));
    }

    /** The patient's active episode on this care path (or without one), to which a new referral belongs. */
    private Optional<StoredResource> openEpisode(String patient, Optional<CarePath> carePath) {
        return index.activeEpisode(patient, carePath.map(CarePath::id).orElse(null))
                .map(id -> resources.read("EpisodeOfCare", id));
    }

    private EpisodeOfCare newEpisode(String patient, Optional<CarePath> carePath, ServiceRequest request) {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        CodeableConcept type = episode.addType();
        carePath.ifPresentOrElse(
                path -> type.addCoding(new Coding(CARE_PATH_SYSTEM, path.id(), path.title()))
                        .setText(path.title()),
                () -> type.setText("No care path matches the reasons for referral"));
        episode.setPatient(new Reference(patient));
        episode.setPeriod(
                new Period().setStart(request.hasAuthoredOn() ? request.getAuthoredOn() : Date.from(clock.instant())));
        return episode;
    }

    private boolean isGeneralPractice(String organization) {
        return directory.memberships(organization).stream().anyMatch(member -> member.role() == CareLevel.GP_PRACTICE);
    }

    static String carePathOf(EpisodeOfCare episode) {
        return episode.getType().stream()
                .flatMap(type -> type.getCoding().stream())
                .filter(coding -> CARE_PATH_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
    }
}
