package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code Patient/[id]/$journey}: the patient's way along the chain, per episode, as steps: where (organization and
 * level), from when to when, and what happened there.
 */
@ApplicationScoped
public class Journeys {

    private ResourceService resources;
    private ResourceCodec codec;
    private ReferralService referrals;
    private AccessControl access;
    private Organizations organizations;
    private NetworkDirectory directory;
    private CareChain chain;

    protected Journeys() {}

    @Inject
    public Journeys(
            ResourceService resources,
            ResourceCodec codec,
            ReferralService referrals,
            AccessControl access,
            Organizations organizations,
            NetworkDirectory directory,
            CareChain chain) {
        this.resources = resources;
        this.codec = codec;
        this.referrals = referrals;
        this.access = access;
        this.organizations = organizations;
        this.directory = directory;
        this.chain = chain;
    }

    /** One request of an episode's chain, with what the workflow knows of it. */
    private record Link(String reference, ServiceRequest request, Referral referral) {

        RequestCategory category() {
            return referral.category();
        }
    }

    public Parameters journey(String patientId, Caller caller) {
        access.requireMayRead(caller, "Patient", patientId);
        Parameters journey = new Parameters();
        SearchQuery episodesOfPatient = new SearchQuery(
                "EpisodeOfCare",
                List.of(new SearchQuery.Criterion(
                        "patient", List.of(new SearchQuery.ReferenceMatch("Patient/" + patientId)))),
                SearchQuery.Sort.LAST_UPDATED_ASCENDING);
        for (var stored : resources.search(episodesOfPatient, null, 100)) {
            EpisodeOfCare episode = (EpisodeOfCare) codec.decode(stored);
            String carePath = episode.getTypeFirstRep().hasText()
                    ? episode.getTypeFirstRep().getText()
                    : null;
            journey.addParameter()
                    .setName("episode")
                    .setValue(new Reference("EpisodeOfCare/" + stored.id()).setDisplay(carePath));
            steps(episode).forEach(step -> journey.addParameter(step.setName("step")));
        }
        return journey;
    }

    private List<ParametersParameterComponent> steps(EpisodeOfCare episode) {
        List<String> chainReferences = episode.getReferralRequest().stream()
                .map(References::relative)
                .flatMap(Optional::stream)
                .toList();
        Map<String, ServiceRequest> requests = resources.readAll(chainReferences).stream()
                .collect(Collectors.toMap(
                        stored -> stored.type() + "/" + stored.id(), stored -> (ServiceRequest) codec.decode(stored)));
        List<Link> links = new ArrayList<>();
        for (String reference : chainReferences) {
            referrals
                    .find(References.idOf(reference, "ServiceRequest"))
                    .ifPresent(referral -> links.add(new Link(reference, requests.get(reference), referral)));
        }
        List<Link> moves =
                links.stream().filter(link -> !link.category().actsOnReferral()).toList();
        List<ParametersParameterComponent> steps = new ArrayList<>();
        if (moves.isEmpty()) {
            return steps;
        }
        Link first = moves.get(0);
        access.organizationsWith(first.reference(), Relation.SENDER).stream()
                .findFirst()
                .ifPresent(sender -> {
                    ParametersParameterComponent step =
                            step(sender, null, first.referral().authoredOn());
                    step.addPart()
                            .setName("what")
                            .setValue(new StringType("referred to "
                                    + name(first.referral().performer()) + " for " + service(first.request())));
                    steps.add(step);
                });
        for (int i = 0; i < moves.size(); i++) {
            Link move = moves.get(i);
            Instant until = i + 1 < moves.size() ? moves.get(i + 1).referral().authoredOn() : null;
            String performer = organizations
                    .of(move.referral().performer())
                    .orElse(move.referral().performer());
            ParametersParameterComponent step = step(performer, move.referral().authoredOn(), until);
            step.addPart().setName("request").setValue(new Reference(move.reference()));
            what(
                    step,
                    (move.category() == RequestCategory.BACK_REFERRAL ? "referred back" : "referred") + " for "
                            + service(move.request()));
            move.referral().firstVisitAt().ifPresent(visit -> what(step, "first visit " + visit));
            for (Link link : links) {
                boolean actedOnHere = link.request().getBasedOn().stream()
                        .anyMatch(based -> move.reference()
                                .equals(References.relative(based).orElse(null)));
                if (actedOnHere && link.category() == RequestCategory.TELEMONITORING) {
                    what(step, "enrolled in telemonitoring (" + link.referral().authoredOn() + ")");
                    link.referral()
                            .task()
                            .filter(task -> task.businessStatus() != null)
                            .ifPresent(task -> what(step, "telemonitoring: " + task.businessStatus()));
                }
                if (actedOnHere && link.category() == RequestCategory.PROCEDURE) {
                    what(
                            step,
                            "decided to treat: " + service(link.request()) + " ("
                                    + link.referral().authoredOn() + ")");
                    link.referral().treatedAt().ifPresent(treated -> what(step, "treated " + treated));
                }
            }
            move.referral()
                    .task()
                    .ifPresent(task -> what(
                            step,
                            "task " + task.status().code()
                                    + (task.businessStatus() == null ? "" : " (" + task.businessStatus() + ")")));
            steps.add(step);
        }
        return steps;
    }

    private ParametersParameterComponent step(String organization, Instant from, Instant to) {
        ParametersParameterComponent step = new ParametersParameterComponent();
        Optional<NetworkMember> member = member(organization);
        step.addPart()
                .setName("organization")
                .setValue(new Reference(organization)
                        .setDisplay(member.map(NetworkMember::name).orElse(null)));
        member.map(NetworkMember::role)
                .ifPresent(level ->
                        step.addPart().setName("level").setValue(new Coding(CareLevel.SYSTEM, level.code(), null)));
        if (from != null) {
            step.addPart().setName("from").setValue(new DateTimeType(Date.from(from)));
        }
        if (to != null) {
            step.addPart().setName("to").setValue(new DateTimeType(Date.from(to)));
        }
        return step;
    }

    private static void what(ParametersParameterComponent step, String happened) {
        step.addPart().setName("what").setValue(new StringType(happened));
    }

    private Optional<NetworkMember> member(String organization) {
        return directory.memberships(organization).stream().findFirst();
    }

    private String name(String organization) {
        return member(organization).map(NetworkMember::displayName).orElse(organization);
    }

    private String service(ServiceRequest request) {
        return chain.requestedService(request)
                .map(service -> service.display())
                .orElseGet(() -> request.getCode().hasText()
                        ? request.getCode().getText()
                        : request.getCode().getCodingFirstRep().getDisplay());
    }
}
