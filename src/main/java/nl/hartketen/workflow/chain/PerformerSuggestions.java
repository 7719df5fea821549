package nl.hartketen.workflow.chain;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.chain.AccessTimes;
import nl.hartketen.domain.chain.AccessTime;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.GeoPoint;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.Routing;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * {@code ServiceRequest/$suggest-performer}: where a referral for a service could go in the requester's network,
 * nearest first, each with its distance and current access time, so that the GP sees the wait before choosing.
 */
@ApplicationScoped
public class PerformerSuggestions {

    /** Access time is the median over the patients first seen in this period. */
    public static final Duration ACCESS_PERIOD = Duration.ofDays(90);

    private NetworkDirectory directory;
    private ServiceCatalogue catalogue;
    private CareChain chain;
    private Organizations organizations;
    private AccessTimes accessTimes;
    private Clock clock;

    protected PerformerSuggestions() {}

    @Inject
    public PerformerSuggestions(
            NetworkDirectory directory,
            ServiceCatalogue catalogue,
            CareChain chain,
            Organizations organizations,
            AccessTimes accessTimes,
            Clock clock) {
        this.directory = directory;
        this.catalogue = catalogue;
        this.chain = chain;
        this.organizations = organizations;
        this.accessTimes = accessTimes;
        this.clock = clock;
    }

    /** From a draft referral, or from its requester and the service asked for (exactly one of the two). */
    public Parameters suggest(ServiceRequest draft, Reference requester, Coding service, Caller caller) {
        if (caller.role() != Role.GP && caller.role() != Role.CARDIOLOGIST && caller.role() != Role.COORDINATOR) {
            throw new AccessDenied("performer suggestions are for GPs, cardiologists and coordinators");
        }
        if ((draft == null) == (requester == null && service == null)) {
            throw new InvalidRequestException(
                    "$suggest-performer takes either 'resource' (a draft ServiceRequest) or 'requester' and 'service'");
        }
        CareService wanted;
        if (draft != null) {
            requester = draft.getRequester();
            wanted = chain.requestedService(draft)
                    .orElseThrow(() -> new RuleViolation(
                            "resource.code",
                            "the draft's code names no service of " + ServiceCatalogue.SYSTEM
                                    + " (nor an equivalent SNOMED CT code)"));
        } else {
            if (service == null) {
                throw new InvalidRequestException("$suggest-performer: 'service' (a Coding) is missing");
            }
            wanted = catalogue
                    .forCoding(service.getSystem(), service.getCode())
                    .orElseThrow(() -> new RuleViolation(
                            "service",
                            "'" + service.getSystem() + "|" + service.getCode() + "' is not a service of "
                                    + ServiceCatalogue.SYSTEM));
        }
        String from = requesterOrganization(requester, caller);
        Network network = directory
                .network(from)
                .or(() -> directory.networksOf(from).stream().findFirst())
                .orElseThrow(() -> new RuleViolation(
                        draft != null ? "resource.requester" : "requester",
                        from + " is not a member of any network, so there is nobody to suggest"));
        GeoPoint site = network.member(from)
                .flatMap(member -> member.sites().stream().findFirst())
                .orElse(null);
        List<Routing.Candidate> candidates = Routing.suggest(network, wanted, site);
        Map<String, AccessTime> times = accessTimes.of(
                candidates.stream().map(c -> c.member().organization()).toList(),
                clock.instant().minus(ACCESS_PERIOD));
        return answer(network, wanted, candidates, times);
    }

    private String requesterOrganization(Reference requester, Caller caller) {
        Optional<String> reference = References.relative(requester);
        if (reference.isEmpty() || reference.get().equals(caller.practitioner())) {
            return Optional.ofNullable(caller.organization())
                    .orElseThrow(() -> new RuleViolation(
                            "requester", "your organization is not in the directory; name the requester"));
        }
        return organizations
                .of(reference.get())
                .orElseThrow(() -> new RuleViolation(
                        "requester",
                        reference.get()
                                + " names no organization: use the requesting Organization or PractitionerRole"));
    }

    private static Parameters answer(
            Network network, CareService service, List<Routing.Candidate> candidates, Map<String, AccessTime> times) {
        Parameters parameters = new Parameters();
        parameters
                .addParameter()
                .setName("network")
                .setValue(new Reference(network.organization()).setDisplay(network.name()));
        parameters
                .addParameter()
                .setName("service")
                .setValue(new Coding(ServiceCatalogue.SYSTEM, service.code(), service.display()));
        for (Routing.Candidate candidate : candidates) {
            ParametersParameterComponent part = parameters.addParameter().setName("candidate");
            part.addPart()
                    .setName("organization")
                    .setValue(new Reference(candidate.member().organization())
                            .setDisplay(candidate.member().name()));
            CareLevel level = candidate.member().role();
            part.addPart().setName("level").setValue(new Coding(CareLevel.SYSTEM, level.code(), null));
            candidate
                    .kilometres()
                    .ifPresent(km -> part.addPart()
                            .setName("distance")
                            .setValue(new Quantity()
                                    .setValue(BigDecimal.valueOf(km).setScale(1, RoundingMode.HALF_UP))
                                    .setUnit("km")
                                    .setSystem("http://unitsofmeasure.org")
                                    .setCode("km")));
            AccessTime time = times.getOrDefault(candidate.member().organization(), AccessTime.of(List.of(), 0));
            time.medianDays()
                    .ifPresent(days -> part.addPart()
                            .setName("accessTime")
                            .setValue(new Quantity()
                                    .setValue(days)
                                    .setUnit("days")
                                    .setSystem("http://unitsofmeasure.org")
                                    .setCode("d")));
            part.addPart().setName("seenLast90Days").setValue(new IntegerType(time.seen()));
            part.addPart().setName("waitingNow").setValue(new IntegerType(time.waitingNow()));
        }
        return parameters;
    }
}
