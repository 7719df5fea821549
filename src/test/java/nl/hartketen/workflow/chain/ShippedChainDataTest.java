package nl.hartketen.workflow.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.workflow.data.ChainData;
import nl.hartketen.workflow.resource.ClasspathFiles;
import nl.hartketen.workflow.validation.ConformanceResources;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OrganizationAffiliation;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The networks and care paths we ship are valid FHIR, and plausible: the chain's rules hold in them. */
class ShippedChainDataTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static ProfileValidator validator;
    private static ServiceCatalogue catalogue;

    @BeforeAll
    static void setUp() {
        validator = new ProfileValidator(FHIR);
        validator.warmUp(List.of(), resource -> Optional.empty());
        catalogue = CareServices.fromCodeSystem(
                ConformanceResources.load(FHIR, CareServices.CODE_SYSTEM, CodeSystem.class));
    }

    @Test
    void theCatalogueKnowsItsServicesByOurCodeAndBySnomed() {
        assertEquals(17, catalogue.all().size());
        assertEquals(
                Set.of("cabg", "valve-surgery", "tavi", "complex-ablation"),
                catalogue.all().stream()
                        .filter(CareService::isHeartCentreOnly)
                        .map(CareService::code)
                        .collect(java.util.stream.Collectors.toSet()));
        assertEquals(
                "pci",
                catalogue
                        .forCoding(ServiceCatalogue.SNOMED, "415070008")
                        .orElseThrow()
                        .code());
        assertEquals(
                "outpatient-cardiology",
                catalogue
                        .forCoding(ServiceCatalogue.SNOMED, "183519002")
                        .orElseThrow()
                        .code());
        assertTrue(catalogue.forCoding("http://example.org/other", "pci").isEmpty());
    }

    @Test
    void everyNetworkResourceIsValidAndOpenHeartCareIsAtHeartCentresOnly() {
        List<String> networks = ClasspathFiles.listed(ChainData.NETWORKS);
        assertEquals(2, networks.size());
        for (String path : networks) {
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, ClasspathFiles.read(path));
            assertEquals(
                    "Organization",
                    bundle.getEntryFirstRep().getResource().fhirType(),
                    path + " begins with its network");
            Map<String, CareLevel> roles = new HashMap<>();
            List<HealthcareService> services = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                validate(resource, path);
                if (resource instanceof OrganizationAffiliation affiliation) {
                    roles.put(
                            affiliation.getParticipatingOrganization().getReference(),
                            CareLevel.fromCode(affiliation
                                            .getCodeFirstRep()
                                            .getCodingFirstRep()
                                            .getCode())
                                    .orElseThrow());
                } else if (resource instanceof HealthcareService service) {
                    services.add(service);
                }
            }
            Set<String> pciCentres = new TreeSet<>();
            for (HealthcareService service : services) {
                String provider = service.getProvidedBy().getReference();
                CareService offered = service.getType().stream()
                        .flatMap(type -> type.getCoding().stream())
                        .map(coding -> catalogue.forCoding(coding.getSystem(), coding.getCode()))
                        .flatMap(java.util.Optional::stream)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(service.getId() + " offers no known service"));
                CareLevel role = roles.get(provider);
                assertTrue(
                        role == CareLevel.REGIONAL_HOSPITAL || role == CareLevel.HEART_CENTRE,
                        provider + " offers care but is " + role);
                assertFalse(
                        offered.isHeartCentreOnly() && role != CareLevel.HEART_CENTRE,
                        provider + " offers " + offered.code());
                if (offered.code().equals("pci") && role == CareLevel.REGIONAL_HOSPITAL) {
                    pciCentres.add(provider);
                }
            }
            assertFalse(pciCentres.isEmpty(), path + ": PCI is offered regionally somewhere");
        }
    }

    @Test
    void everyCarePathIsValidAndEachStepsServiceIsOfferedAtItsLevel() {
        List<String> carePaths = ClasspathFiles.listed(ChainData.CARE_PATHS);
        assertTrue(carePaths.size() >= 5);
        for (String path : carePaths) {
            PlanDefinition carePath =
                    FHIR.newJsonParser().parseResource(PlanDefinition.class, ClasspathFiles.read(path));
            validate(carePath, path);
            assertTrue(carePath.hasUseContext(), path + " says which reasons for referral put a patient on it");
            for (PlanDefinition.PlanDefinitionActionComponent step : carePath.getAction()) {
                Coding level =
                        (Coding) step.getExtensionByUrl("https://hartketen.nl/fhir/StructureDefinition/care-level")
                                .getValue();
                CareLevel at = CareLevel.fromCode(level.getCode()).orElseThrow();
                for (var code : step.getCode()) {
                    CareService service = catalogue
                            .forCoding(
                                    code.getCodingFirstRep().getSystem(),
                                    code.getCodingFirstRep().getCode())
                            .orElseThrow(() ->
                                    new AssertionError(path + " step " + step.getId() + " names an unknown service"));
                    assertFalse(
                            service.isHeartCentreOnly() && at != CareLevel.HEART_CENTRE,
                            path + " step " + step.getId() + " puts " + service.code() + " at " + at);
                }
            }
        }
    }

    private static void validate(Resource resource, String path) {
        try {
            validator.check(resource, Optional.empty());
        } catch (UnprocessableEntityException e) {
            throw new AssertionError(
                    path + ": " + resource.fhirType() + "/"
                            + resource.getIdElement().getIdPart() + " is invalid: "
                            + FHIR.newJsonParser().encodeResourceToString(e.getOperationOutcome()),
                    e);
        }
    }
}
