package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.domain.chain.CarePath;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.resource.ResourceTypeWritten;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.UsageContext;

/**
 * The care paths stored as PlanDefinitions: the active ones with the reasons for referral (useContext focus) that lead
 * to each, and the ids of all; kept for a minute and dropped when a PlanDefinition is written.
 */
@ApplicationScoped
public class CarePaths {

    private static final String FOCUS = "focus";

    private ResourceService resources;
    private ResourceCodec codec;
    private KeptView<Stored> carePaths;

    /** The active care paths, and the ids of every stored one (active, retired or draft). */
    private record Stored(List<CarePath> active, List<String> ids) {}

    protected CarePaths() {}

    @Inject
    public CarePaths(ResourceService resources, ResourceCodec codec, Clock clock) {
        this.resources = resources;
        this.codec = codec;
        this.carePaths = new KeptView<>(this::read, clock, Duration.ofMinutes(1));
    }

    public List<CarePath> all() {
        return carePaths.get().active();
    }

    /** The ids of every stored care path, retired ones too: waits stay on the path they were counted on. */
    public List<String> ids() {
        return carePaths.get().ids();
    }

    void written(@Observes ResourceTypeWritten written) {
        if ("PlanDefinition".equals(written.type())) {
            carePaths.drop();
        }
    }

    void writeEnded(@Observes(during = TransactionPhase.AFTER_COMPLETION) ResourceTypeWritten written) {
        written(written);
    }

    private Stored read() {
        List<PlanDefinition> plans = resources
                .search(
                        new SearchQuery("PlanDefinition", List.of(), SearchQuery.Sort.LAST_UPDATED_ASCENDING),
                        null,
                        1000)
                .stream()
                .map(stored -> (PlanDefinition) codec.decode(stored))
                .toList();
        List<CarePath> active = plans.stream()
                .filter(plan -> plan.getStatus() == PublicationStatus.ACTIVE)
                .map(plan -> new CarePath(
                        plan.getIdElement().getIdPart(),
                        plan.getTitle(),
                        plan.getUseContext().stream()
                                .filter(context ->
                                        FOCUS.equals(context.getCode().getCode()) && context.hasValueCodeableConcept())
                                .map(UsageContext::getValueCodeableConcept)
                                .flatMap(concept -> concept.getCoding().stream())
                                .map(Coding::getCode)
                                .collect(Collectors.toSet())))
                .toList();
        return new Stored(
                active,
                plans.stream()
                        .map(plan -> plan.getIdElement().getIdPart())
                        .sorted()
                        .toList());
    }
}
