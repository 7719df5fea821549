package nl.hartketen.workflow.chain;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.workflow.validation.ConformanceResources;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/** The service catalogue, read from our cardiology-service CodeSystem: one definition for the validator and the rules. */
@ApplicationScoped
public class CareServices {

    static final String CODE_SYSTEM = "terminology/CodeSystem-cardiology-service.json";

    @Inject
    FhirContext context;

    // Singleton, not a normal scope: the catalogue is a final class, which CDI cannot proxy.
    @Produces
    @Singleton
    ServiceCatalogue catalogue() {
        return fromCodeSystem(ConformanceResources.load(context, CODE_SYSTEM, CodeSystem.class));
    }

    static ServiceCatalogue fromCodeSystem(CodeSystem codeSystem) {
        return new ServiceCatalogue(
                codeSystem.getConcept().stream().map(CareServices::service).toList());
    }

    private static CareService service(ConceptDefinitionComponent concept) {
        CareLevel level = values(concept, "level").stream()
                .map(CareLevel::fromCode)
                .flatMap(java.util.Optional::stream)
                .findFirst()
                .orElse(CareLevel.REGIONAL_HOSPITAL);
        return new CareService(concept.getCode(), concept.getDisplay(), level, Set.copyOf(values(concept, "snomed")));
    }

    private static List<String> values(ConceptDefinitionComponent concept, String property) {
        return concept.getProperty().stream()
                .filter(p -> property.equals(p.getCode()) && p.hasValueCodeType())
                .map(p -> p.getValueCodeType().getValue())
                .collect(Collectors.toList());
    }
}
