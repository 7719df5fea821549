package nl.hartketen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of docs/architecture.md, kept by the build. */
@AnalyzeClasses(packages = "nl.hartketen", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainAndApplicationKnowNoFhirLibraryNorJaxRs = noClasses()
            .that().resideInAnyPackage("nl.hartketen.domain..", "nl.hartketen.application..")
            .should().dependOnClassesThat().resideInAnyPackage("ca.uhn..", "org.hl7..", "jakarta.ws.rs..");

    @ArchTest
    static final ArchRule theDomainDependsOnNothingOutsideIt = noClasses()
            .that().resideInAPackage("nl.hartketen.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.hartketen.application..", "nl.hartketen.infrastructure..",
                    "nl.hartketen.interfaces..");

    @ArchTest
    static final ArchRule theApplicationDoesNotReachIntoAdapters = noClasses()
            .that().resideInAPackage("nl.hartketen.application..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.hartketen.infrastructure..", "nl.hartketen.interfaces..");

    @ArchTest
    static final ArchRule infrastructureKnowsNoInterfaces = noClasses()
            .that().resideInAPackage("nl.hartketen.infrastructure..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.hartketen.interfaces..", "ca.uhn..", "org.hl7..");

    @ArchTest
    static final ArchRule interfacesUseTheApplicationNotStorage = noClasses()
            .that().resideInAPackage("nl.hartketen.interfaces..")
            .should().dependOnClassesThat().resideInAPackage("nl.hartketen.infrastructure..");
}
