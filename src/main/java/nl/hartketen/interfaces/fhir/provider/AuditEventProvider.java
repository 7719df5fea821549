package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.hartketen.application.audit.ChainCheck;
import nl.hartketen.workflow.audit.AuditTrailReader;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The audit trail, read-only: administrators read and search it; nobody writes it but the server. {@code $verify-chain}
 * recomputes the sealed hash chain, says whether any entry was changed, removed or slipped in, and how many entries
 * wait to be sealed.
 */
public class AuditEventProvider extends ReadableResourceProvider<AuditEvent> {

    private final AuditTrailReader auditTrail;

    public AuditEventProvider(
            ResourceReader reader,
            SearchParameters searchParameters,
            RequestCaller callers,
            AuditTrailReader auditTrail) {
        super(AuditEvent.class, reader, searchParameters, callers);
        this.auditTrail = auditTrail;
    }

    @Operation(name = "$verify-chain", idempotent = true)
    public OperationOutcome verifyChain(RequestDetails request) {
        ChainCheck check = auditTrail.verifyChain(callers.of(request));
        OperationOutcome outcome = new OperationOutcome();
        if (check.intact()) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics("The audit trail is intact: " + check.entries()
                            + " sealed entries checked; newest hash " + check.headHash() + "; " + tail(check));
        } else {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.CONFLICT)
                    .setDiagnostics("The audit trail has been tampered with: " + check.problem() + " ("
                            + check.entries() + " entries intact before it; " + tail(check) + ")");
        }
        return outcome;
    }

    /** The entries written but not sealed yet: the sequencer seals them within a second or so. */
    private static String tail(ChainCheck check) {
        return check.unsealed() == 0
                ? "no entries waiting to be sealed"
                : check.unsealed() + " entries waiting to be sealed, the oldest recorded " + check.oldestUnsealed();
    }
}
