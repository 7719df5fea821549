package nl.hartketen.workflow.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.r4.model.Resource;

/**
 * The checks every write passes before its type's own rules: storable text, attachment sizes, base R4 and the type's
 * profile, and references the writer may follow. Cheapest first, so that bad input is refused early.
 */
@ApplicationScoped
public class WriteChecks {

    private StorableText storableText;
    private AttachmentLimits attachmentLimits;
    private ProfileValidator validator;
    private ReferenceCheck referenceCheck;

    protected WriteChecks() {}

    @Inject
    public WriteChecks(
            StorableText storableText,
            AttachmentLimits attachmentLimits,
            ProfileValidator validator,
            ReferenceCheck referenceCheck) {
        this.storableText = storableText;
        this.attachmentLimits = attachmentLimits;
        this.validator = validator;
        this.referenceCheck = referenceCheck;
    }

    public void check(Resource resource, Optional<String> profile, Caller caller) {
        storable(resource);
        validator.check(resource, profile);
        referenceCheck.check(resource, caller);
    }

    /**
     * Only what any stored resource must be: text and attachments the database takes. For a type whose handler checks
     * the whole shape and every reference itself (Observation: thousands a second).
     */
    public void storable(Resource resource) {
        storableText.check(resource);
        attachmentLimits.check(resource);
    }
}
