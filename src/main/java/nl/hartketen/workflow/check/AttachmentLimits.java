package nl.hartketen.workflow.check;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.util.FhirTerser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Attachments sent inline (an ECG or holter PDF, an image) may be {@code hartketen.attachments.max-bytes} each (5 MiB)
 * and {@code hartketen.attachments.max-total-bytes} together in one resource (7 MiB: in base64 that still fits the
 * 10 MiB request body limit). Larger ones are refused with 413 and an OperationOutcome naming the attachment, before
 * anything is stored.
 */
@ApplicationScoped
public class AttachmentLimits {

    private FhirContext context;
    private long maxBytes;
    private long maxTotalBytes;

    protected AttachmentLimits() {}

    @Inject
    public AttachmentLimits(
            FhirContext context,
            @ConfigProperty(name = "hartketen.attachments.max-bytes", defaultValue = "5242880") long maxBytes,
            @ConfigProperty(name = "hartketen.attachments.max-total-bytes", defaultValue = "7340032")
                    long maxTotalBytes) {
        this.context = context;
        this.maxBytes = maxBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** @throws PayloadTooLargeException when an attachment, or all of them together, exceed the limits */
    public void check(Resource resource) {
        List<Attachment> attachments =
                new FhirTerser(context).getAllPopulatedChildElementsOfType(resource, Attachment.class);
        long total = 0;
        for (int i = 0; i < attachments.size(); i++) {
            Attachment attachment = attachments.get(i);
            long size = attachment.hasData() ? attachment.getData().length : 0;
            if (size > maxBytes) {
                throw tooLarge(
                        resource.fhirType(),
                        "attachment " + (i + 1) + (attachment.hasTitle() ? " (" + attachment.getTitle() + ")" : "")
                                + " is " + size + " bytes; at most " + maxBytes + " bytes are accepted per attachment");
            }
            total += size;
        }
        if (total > maxTotalBytes) {
            throw tooLarge(
                    resource.fhirType(),
                    "the attachments together are " + total + " bytes; at most " + maxTotalBytes
                            + " bytes are accepted per resource: send them in separate resources");
        }
    }

    private PayloadTooLargeException tooLarge(String type, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.TOOLONG)
                .setDiagnostics(type + ": " + message)
                .addExpression(type);
        PayloadTooLargeException exception = new PayloadTooLargeException(type + ": " + message);
        exception.setOperationOutcome(outcome);
        return exception;
    }
}
