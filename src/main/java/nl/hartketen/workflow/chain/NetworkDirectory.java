package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.GeoPoint;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.resource.ResourceTypeWritten;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.OrganizationAffiliation;

/**
 * The networks as the directory describes them: OrganizationAffiliations (who is a member, in which role),
 * HealthcareServices (who offers what) and Locations (where). Built from the stored resources and kept for a minute;
 * a write of one of these types drops it.
 */
@ApplicationScoped
public class NetworkDirectory {

    /** The resource types a network is made of. */
    public static final Set<String> TYPES =
            Set.of("Organization", "OrganizationAffiliation", "HealthcareService", "Location");

    private static final int PAGE = 1000;

    private ResourceService resources;
    private ResourceCodec codec;
    private KeptView<List<Network>> networks;

    protected NetworkDirectory() {}

    @Inject
    public NetworkDirectory(ResourceService resources, ResourceCodec codec, Clock clock) {
        this.resources = resources;
        this.codec = codec;
        this.networks = new KeptView<>(this::build, clock, Duration.ofMinutes(1));
    }

    public List<Network> networks() {
        return networks.get();
    }

    public Optional<Network> network(String organization) {
        return networks().stream()
                .filter(network -> network.organization().equals(organization))
                .findFirst();
    }

    /** The networks {@code organization} is a member of. */
    public List<Network> networksOf(String organization) {
        return networks().stream()
                .filter(network -> network.member(organization).isPresent())
                .toList();
    }

    /** {@code organization}'s memberships, one per network it belongs to. */
    public List<NetworkMember> memberships(String organization) {
        return networks().stream()
                .flatMap(network -> network.member(organization).stream())
                .toList();
    }

    /** The network a request from {@code sender} to {@code performer} runs in: one they share, else the performer's. */
    public Optional<Network> between(String sender, String performer) {
        List<Network> performers = networksOf(performer);
        return performers.stream()
                .filter(network -> sender != null && network.member(sender).isPresent())
                .findFirst()
                .or(() -> performers.stream().findFirst());
    }

    /** A resource of a network's types is being written: the networks are read afresh... */
    void written(@Observes ResourceTypeWritten written) {
        if (TYPES.contains(written.type())) {
            networks.drop();
        }
    }

    /** ...also once the write is committed (or rolled back), in case they were read again in between. */
    void writeEnded(@Observes(during = TransactionPhase.AFTER_COMPLETION) ResourceTypeWritten written) {
        written(written);
    }

    private List<Network> build() {
        Map<String, String> names = new HashMap<>();
        for (Organization organization : all(Organization.class)) {
            names.put(reference(organization), organization.getName());
        }
        Map<String, List<GeoPoint>> sites = new HashMap<>();
        Map<String, GeoPoint> siteByLocation = new HashMap<>();
        for (Location location : all(Location.class)) {
            if (location.getStatus() == Location.LocationStatus.INACTIVE
                    || !location.hasPosition()
                    || !location.getPosition().hasLatitude()
                    || !location.getPosition().hasLongitude()) {
                continue;
            }
            GeoPoint point = new GeoPoint(
                    location.getPosition().getLatitude().doubleValue(),
                    location.getPosition().getLongitude().doubleValue());
            siteByLocation.put(reference(location), point);
            References.relative(location.getManagingOrganization())
                    .ifPresent(organization -> sites.computeIfAbsent(organization, ignored -> new ArrayList<>())
                            .add(point));
        }
        Map<String, Set<String>> services = new HashMap<>();
        for (HealthcareService service : all(HealthcareService.class)) {
            if (service.hasActive() && !service.getActive()) {
                continue;
            }
            References.relative(service.getProvidedBy())
                    .ifPresent(organization -> codes(service.getType(), ServiceCatalogue.SYSTEM)
                            .forEach(code -> services.computeIfAbsent(organization, ignored -> new LinkedHashSet<>())
                                    .add(code)));
        }
        Map<String, List<NetworkMember>> members = new LinkedHashMap<>();
        for (OrganizationAffiliation affiliation : all(OrganizationAffiliation.class)) {
            Optional<String> network = References.relative(affiliation.getOrganization());
            Optional<String> member = References.relative(affiliation.getParticipatingOrganization());
            Optional<CareLevel> role = codes(affiliation.getCode(), CareLevel.SYSTEM).stream()
                    .map(CareLevel::fromCode)
                    .flatMap(Optional::stream)
                    .findFirst();
            if ((affiliation.hasActive() && !affiliation.getActive())
                    || network.isEmpty()
                    || member.isEmpty()
                    || role.isEmpty()) {
                continue;
            }
            List<GeoPoint> memberSites = affiliation.getLocation().stream()
                    .map(References::relative)
                    .flatMap(Optional::stream)
                    .map(siteByLocation::get)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            members.computeIfAbsent(network.get(), ignored -> new ArrayList<>())
                    .add(new NetworkMember(
                            member.get(),
                            names.get(member.get()),
                            role.get(),
                            memberSites.isEmpty() ? sites.getOrDefault(member.get(), List.of()) : memberSites,
                            services.getOrDefault(member.get(), Set.of())));
        }
        List<Network> networks = new ArrayList<>();
        members.forEach((network, list) -> networks.add(new Network(network, names.get(network), list)));
        return List.copyOf(networks);
    }

    private <T extends org.hl7.fhir.r4.model.Resource> List<T> all(Class<T> type) {
        List<T> found = new ArrayList<>();
        SearchQuery query = new SearchQuery(type.getSimpleName(), List.of(), SearchQuery.Sort.LAST_UPDATED_ASCENDING);
        SearchKey after = null;
        while (true) {
            var page = resources.search(query, after, PAGE);
            page.forEach(stored -> found.add(type.cast(codec.decode(stored))));
            if (page.size() < PAGE) {
                return found;
            }
            after = SearchKey.of(page.get(page.size() - 1));
        }
    }

    private static List<String> codes(List<CodeableConcept> concepts, String system) {
        return concepts.stream()
                .flatMap(concept -> concept.getCoding().stream())
                .filter(coding -> system.equals(coding.getSystem()) && coding.hasCode())
                .map(Coding::getCode)
                .toList();
    }

    private static String reference(org.hl7.fhir.r4.model.Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }
}
