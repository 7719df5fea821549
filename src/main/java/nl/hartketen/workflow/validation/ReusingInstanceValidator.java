package nl.hartketen.workflow.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator, but without building a new core {@link InstanceValidator} for every resource: that
 * constructor parses the 1.5 MB OID registry each time, which was three quarters of the CPU of a referral write
 * (measured with JFR). Validators are kept in a pool, one per concurrent validation, each configured once as HAPI
 * configures its own. A core validator keeps a little of every resource it has checked (observed codings, texts to
 * check, xhtml references: core 6.7.9 has no reset), so each is retired after {@value #USES} resources: memory stays
 * bounded and the registry is parsed once per {@value #USES} instead of once per resource. JSON only, as
 * {@link ProfileValidator} hands it; anything else goes the HAPI way.
 */
final class ReusingInstanceValidator extends FhirInstanceValidator {

    static final int USES = 100;

    private static final class Pooled {
        private final InstanceValidator validator;
        private int uses;

        private Pooled(InstanceValidator validator) {
            this.validator = validator;
        }
    }

    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();
    /**
     * The profiles asked for, with their snapshots: HAPI's worker context generates a profile's snapshot again at every
     * fetch, 3% of a generated journey's CPU (JFR). Kept per worker context, which HAPI replaces when its support changes.
     */
    private volatile ProfileCache profileCache = new ProfileCache(null);

    private record ProfileCache(IWorkerContext worker, Map<String, Optional<StructureDefinition>> byUrl) {
        ProfileCache(IWorkerContext worker) {
            this(worker, new ConcurrentHashMap<>());
        }
    }

    ReusingInstanceValidator(IValidationSupport support) {
        super(support);
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            return super.validate(context);
        }
        IWorkerContext worker = provideWorkerContext();
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> messages = new ArrayList<>();
        ProfileCache cache = profileCache;
        if (cache.worker() != worker) {
            cache = new ProfileCache(worker);
            profileCache = cache;
        }
        for (String url : context.getOptions().getProfiles()) {
            StructureDefinition profile = cache.byUrl()
                    .computeIfAbsent(
                            url, key -> Optional.ofNullable(worker.fetchResource(StructureDefinition.class, key)))
                    .orElse(null);
            if (profile == null) {
                messages.add(new ValidationMessage()
                        .setLevel(ValidationMessage.IssueSeverity.ERROR)
                        .setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN)
                        .setMessage("Unknown profile " + url));
            } else {
                profiles.add(profile);
            }
        }
        Pooled pooled = Objects.requireNonNullElseGet(idle.poll(), () -> new Pooled(newValidator(worker)));
        try {
            pooled.validator.validate(
                    null,
                    messages,
                    new ByteArrayInputStream(context.getResourceAsString().getBytes(StandardCharsets.UTF_8)),
                    FhirFormat.JSON,
                    profiles);
        } finally {
            if (++pooled.uses < USES) {
                idle.push(pooled);
            }
        }
        messages.removeIf(ReusingInstanceValidator::isNoise);
        if (isErrorForUnknownProfiles()) {
            messages.stream()
                    .filter(ReusingInstanceValidator::isUnknownProfile)
                    .forEach(message -> message.setLevel(ValidationMessage.IssueSeverity.ERROR));
        }
        return messages;
    }

    private InstanceValidator newValidator(IWorkerContext worker) {
        InstanceValidator validator = new InstanceValidator(
                worker,
                Objects.requireNonNullElseGet(getHostApplicationServices(), NullEvaluationContext::new),
                new XVerExtensionManagerOld(worker),
                new ValidatorSession(),
                new ValidatorSettings());
        validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
        validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setNoTerminologyChecks(isNoTerminologyChecks());
        validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        // as HAPI: unknown code systems are judged by UnknownCodeSystemWarningValidationSupport in the support chain
        validator.setUnknownCodeSystemsCauseErrors(true);
        validator.getExtensionDomains().addAll(getExtensionDomains());
        validator.setFetcher(getValidatorResourceFetcher());
        validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
        validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
        validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        validator.setAllowExamples(isAllowExamples());
        validator.setAllowXsiLocation(true);
        return validator;
    }

    /** As HAPI drops them: bindings without a source, and the mimetypes value set it cannot expand. */
    private static boolean isNoise(ValidationMessage message) {
        String id = message.getMessageId();
        return id != null
                && (I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(id)
                        || I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(id)
                                && message.getMessage() != null
                                && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"));
    }

    private static boolean isUnknownProfile(ValidationMessage message) {
        return message.getLevel() == ValidationMessage.IssueSeverity.WARNING
                && (I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(message.getMessageId())
                        || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId()));
    }
}
