package nl.hartketen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of docs/architecture.md, kept by the build. */
@AnalyzeClasses(packages = "nl.hartketen", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** interfaces → workflow → application → domain; infrastructure implements application's ports. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("interfaces")
            .definedBy("nl.hartketen.interfaces..")
            .layer("workflow")
            .definedBy("nl.hartketen.workflow..")
            .layer("application")
            .definedBy("nl.hartketen.application..")
            .layer("domain")
            .definedBy("nl.hartketen.domain..")
            .layer("infrastructure")
            .definedBy("nl.hartketen.infrastructure..")
            .whereLayer("interfaces")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("workflow")
            .mayOnlyBeAccessedByLayers("interfaces")
            .whereLayer("application")
            .mayOnlyBeAccessedByLayers("interfaces", "workflow", "infrastructure")
            .whereLayer("infrastructure")
            .mayNotBeAccessedByAnyLayer();

    /** Every package, at every depth: no two depend on each other, directly or round about. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("nl.hartketen.(**)").should().beFreeOfCycles();

    /** The stored resources are read and written by the use cases of the workflow layer only. */
    @ArchTest
    static final ArchRule onlyTheWorkflowTouchesTheResourceStore = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "nl.hartketen.workflow..", "nl.hartketen.application..", "nl.hartketen.infrastructure..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("nl.hartketen.application.storage.ResourceService")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("nl.hartketen.application.storage.ResourceStore");

    @ArchTest
    static final ArchRule domainAndApplicationKnowNoFhirLibraryNorJaxRs = noClasses()
            .that()
            .resideInAnyPackage("nl.hartketen.domain..", "nl.hartketen.application..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("ca.uhn..", "org.hl7..", "jakarta.ws.rs..");

    /** The use cases work on FHIR resources but know no server: no servlet, no JAX-RS, no HAPI server or provider. */
    @ArchTest
    static final ArchRule theWorkflowKnowsNoFace = noClasses()
            .that()
            .resideInAPackage("nl.hartketen.workflow..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "jakarta.ws.rs..",
                    "jakarta.servlet..",
                    "ca.uhn.fhir.rest.server",
                    "ca.uhn.fhir.rest.annotation..",
                    "ca.uhn.fhir.rest.server.interceptor..",
                    "ca.uhn.fhir.rest.server.provider..",
                    "ca.uhn.fhir.rest.server.servlet..",
                    "ca.uhn.fhir.rest.api.server..");

    @ArchTest
    static final ArchRule theDomainDependsOnNothingOutsideIt = noClasses()
            .that()
            .resideInAPackage("nl.hartketen.domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "nl.hartketen.application..",
                    "nl.hartketen.infrastructure..",
                    "nl.hartketen.workflow..",
                    "nl.hartketen.interfaces..");

    @ArchTest
    static final ArchRule infrastructureKnowsNoHapi = noClasses()
            .that()
            .resideInAPackage("nl.hartketen.infrastructure..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("ca.uhn..", "org.hl7..");
}
