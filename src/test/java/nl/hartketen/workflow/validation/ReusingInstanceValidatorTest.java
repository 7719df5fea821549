package nl.hartketen.workflow.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.types.UnwiredTypes;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reusing validator finds exactly what HAPI's own finds, resource after resource on the same core validators
 * (nothing carried over from one resource to the next), also from several threads at once.
 */
class ReusingInstanceValidatorTest {

    private static final StoredTypes TYPES = UnwiredTypes.all();

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static FhirValidator hapi;
    private static FhirValidator reusing;

    @BeforeAll
    static void bothValidatorsOnOurProfiles() {
        IValidationSupport chain = ProfileValidator.supportChain(FHIR);
        hapi = validator(new FhirInstanceValidator(chain));
        reusing = validator(new ReusingInstanceValidator(chain));
    }

    private static FhirValidator validator(FhirInstanceValidator module) {
        module.setAnyExtensionsAllowed(true);
        FhirValidator validator = FHIR.newValidator();
        validator.setValidateAgainstStandardSchema(false);
        validator.setValidateAgainstStandardSchematron(false);
        validator.registerValidatorModule(module);
        return validator;
    }

    private static ServiceRequest referral() {
        ServiceRequest request = new ServiceRequest();
        request.addIdentifier(new Identifier().setSystem("urn:test").setValue("1"));
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(
                new Coding("https://hartketen.nl/fhir/CodeSystem/request-category", "referral", null)));
        request.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "183519002", null)));
        request.setSubject(new Reference("Patient/p")).setRequester(new Reference("Practitioner/gp"));
        request.addPerformer(new Reference("Organization/martini"));
        request.setAuthoredOn(new Date());
        return request;
    }

    /** Valid and invalid resources of several kinds, in an order where leftovers from the one before would show. */
    private static List<Resource> mixed() {
        ServiceRequest noCategory = referral();
        noCategory.setCategory(List.of());
        ServiceRequest unknownCategory = referral();
        unknownCategory.getCategoryFirstRep().getCodingFirstRep().setCode("holiday");
        ServiceRequest noPatient = referral();
        noPatient.setSubject(null);
        Patient badBirthDate = new Patient();
        badBirthDate.addName().setFamily("Smit");
        badBirthDate.getBirthDateElement().setValueAsString("2026-02-28");
        badBirthDate.addTelecom().setValue("050 123 4567");
        Patient unknownProfile = new Patient();
        unknownProfile.addName().setFamily("De Boer").addGiven("Anna");
        unknownProfile.getMeta().addProfile("https://hartketen.nl/fhir/StructureDefinition/no-such-profile");
        ServiceRequest withNote = referral();
        withNote.addNote().setText("Pijn op de borst bij inspanning");
        return List.of(
                referral(),
                noCategory,
                referral(),
                unknownCategory,
                badBirthDate,
                withNote,
                noPatient,
                unknownProfile,
                referral(),
                noCategory);
    }

    private static List<String> findings(FhirValidator validator, Resource resource) {
        ValidationOptions options = new ValidationOptions();
        TYPES.of(resource).profile().ifPresent(options::addProfile);
        return validator.validateWithResult(resource, options).getMessages().stream()
                .map(message ->
                        message.getSeverity().name() + " " + message.getLocationString() + " " + message.getMessage())
                .sorted()
                .toList();
    }

    @Test
    void findsWhatHapiFindsResourceAfterResource() {
        List<Resource> resources = mixed();
        for (int round = 0; round < 2; round++) {
            for (Resource resource : resources) {
                assertEquals(
                        findings(hapi, resource),
                        findings(reusing, resource),
                        resource.fhirType() + " in round " + round);
            }
        }
        assertTrue(
                findings(reusing, resources.get(1)).stream().anyMatch(finding -> finding.startsWith("ERROR")),
                "a referral without category is an error");
        assertFalse(
                findings(reusing, resources.get(0)).stream().anyMatch(finding -> finding.startsWith("ERROR")),
                "a complete referral is valid");
        assertTrue(
                findings(reusing, resources.get(7)).stream()
                        .anyMatch(finding -> finding.startsWith("ERROR") && finding.contains("no-such-profile")),
                "an unknown declared profile is an error, as with HAPI's own");
    }

    @Test
    void severalThreadsAtOnceFindTheSame() throws Exception {
        List<Resource> resources = mixed();
        List<List<String>> expected =
                resources.stream().map(resource -> findings(hapi, resource)).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<String>>>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(threads.submit(() -> resources.stream()
                        .map(resource -> findings(reusing, resource))
                        .toList()));
            }
            for (Future<List<List<String>>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
