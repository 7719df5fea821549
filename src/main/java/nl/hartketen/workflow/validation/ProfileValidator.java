package nl.hartketen.workflow.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Logger;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Checks every incoming resource against base FHIR R4 and, for the types we profile, against our profile
 * (whether or not the client declared it in meta.profile). Loading the R4 definitions takes many seconds, so the
 * validator is built and exercised once at startup, off the request path ({@link #warmUp}); a request that comes
 * earlier waits for it.
 */
@ApplicationScoped
public class ProfileValidator {

    private static final Logger LOG = Logger.getLogger(ProfileValidator.class.getName());

    /** Where our profiles live; each stored type names its own ({@code StoredType.profile}). */
    public static final String PROFILE_BASE = "https://hartketen.nl/fhir/StructureDefinition/";

    private FhirContext context;
    private final CompletableFuture<FhirValidator> validator = new CompletableFuture<>();

    protected ProfileValidator() {}

    @Inject
    public ProfileValidator(FhirContext context) {
        this.context = context;
    }

    /**
     * Builds the validator and validates a sample of each profiled type, so that all definitions are loaded. A failed
     * warm-up may be tried again; writes wait until one succeeds or {@link #giveUp} is called.
     */
    public void warmUp(Iterable<Resource> samples, Function<Resource, Optional<String>> profileOf) {
        long start = System.nanoTime();
        FhirValidator built = build();
        for (Resource sample : samples) {
            built.validateWithResult(sample, options(profileOf.apply(sample)));
        }
        validator.complete(built);
        LOG.info(() -> "FHIR validator ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** No warm-up will succeed: writes fail with {@code cause} instead of waiting for ever. */
    public void giveUp(RuntimeException cause) {
        validator.completeExceptionally(cause);
    }

    /**
     * Validates against base R4 and {@code profile}, whether or not the client declared it in meta.profile.
     *
     * @throws UnprocessableEntityException listing every error, each with the element it is about
     */
    public void check(Resource resource, Optional<String> profile) {
        ValidationResult result = validator.join().validateWithResult(resource, options(profile));
        OperationOutcome outcome = new OperationOutcome();
        for (SingleValidationMessage message : result.getMessages()) {
            if (message.getSeverity() == ResultSeverityEnum.ERROR
                    || message.getSeverity() == ResultSeverityEnum.FATAL) {
                outcome.addIssue()
                        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                        .setCode(OperationOutcome.IssueType.PROCESSING)
                        .setDiagnostics(message.getMessage())
                        .addExpression(message.getLocationString())
                        .getLocation()
                        .add(new StringType(message.getLocationString()));
            }
        }
        if (outcome.hasIssue()) {
            throw new UnprocessableEntityException(context, outcome);
        }
    }

    private static ValidationOptions options(Optional<String> profile) {
        ValidationOptions options = new ValidationOptions();
        profile.ifPresent(options::addProfile);
        return options;
    }

    /** One of our profiles of a resource type (not an extension's definition). */
    public static boolean isOurs(StructureDefinition definition) {
        return definition.getUrl().startsWith(PROFILE_BASE)
                && definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE;
    }

    private FhirValidator build() {
        FhirInstanceValidator instanceValidator = new ReusingInstanceValidator(supportChain(context));
        instanceValidator.setAnyExtensionsAllowed(true);
        FhirValidator built = context.newValidator();
        built.setValidateAgainstStandardSchema(false);
        built.setValidateAgainstStandardSchematron(false);
        built.registerValidatorModule(instanceValidator);
        return built;
    }

    /** Our profiles and terminology first, then base FHIR R4 and the common code systems. */
    static ValidationSupportChain supportChain(FhirContext context) {
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(context);
        ConformanceResources.load(context).forEach(ours::addResource);
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(context);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(
                ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
        return new ValidationSupportChain(
                ours,
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                unknownCodeSystems);
    }
}
