package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.NotCommitted;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.storage.VersionConflict;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;
import nl.hartketen.interfaces.security.NotAuthenticated;
import nl.hartketen.workflow.transaction.TransactionEntryFailure;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.StringType;

/**
 * The one place where failures become HTTP answers: domain refusals get their 4xx status and an
 * OperationOutcome that says what is wrong and where; anything unexpected becomes a 500 that shows an incident
 * reference, never a stack trace, SQL or patient data (the details go to the server log under that reference).
 */
@Interceptor
public class ErrorTranslator {

    private static final Logger LOG = Logger.getLogger(ErrorTranslator.class.getName());
    /** serialization_failure, deadlock_detected */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");

    private final FhirContext context;
    private final UnaryOperator<IBaseOperationOutcome> inClientVersion;

    /** For the R4 endpoint, whose answers are the OperationOutcomes made here. */
    public ErrorTranslator(FhirContext context) {
        this(context, UnaryOperator.identity());
    }

    /** @param inClientVersion turns our R4 OperationOutcomes into those of the endpoint's FHIR version */
    public ErrorTranslator(FhirContext context, UnaryOperator<IBaseOperationOutcome> inClientVersion) {
        this.context = context;
        this.inClientVersion = inClientVersion;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException translate(Throwable failure) {
        BaseServerResponseException answer = translate(failure, "");
        if (answer.getOperationOutcome() != null) {
            answer.setOperationOutcome(inClientVersion.apply(answer.getOperationOutcome()));
        }
        return answer;
    }

    /**
     * A failed entry of a batch as its entry in the batch-response: the status and OperationOutcome the same failure
     * would get as a request of its own, located at the entry.
     */
    public Bundle.BundleEntryComponent entryResponse(TransactionEntryFailure failure) {
        BaseServerResponseException answer = translate(failure, "");
        OperationOutcome outcome = answer.getOperationOutcome() instanceof OperationOutcome given
                ? given
                : outcome(
                        answer.getStatusCode() >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING,
                        answer.getMessage(),
                        failure.location());
        int status = answer.getStatusCode();
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
        entry.getResponse()
                .setStatus(status + " " + Constants.HTTP_STATUS_NAMES.getOrDefault(status, ""))
                .setOutcome(outcome);
        return entry;
    }

    private BaseServerResponseException translate(Throwable failure, String locationPrefix) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TransactionEntryFailure entry) {
            return translate(entry.getCause(), entry.location());
        }
        if (cause instanceof BaseServerResponseException known && !(cause instanceof InternalErrorException)) {
            return prefixed(known, locationPrefix);
        }
        if (cause instanceof DataFormatException malformed) {
            return prefixed(new InvalidRequestException(malformed.getMessage()), locationPrefix);
        }
        if (cause instanceof AccessDenied denied) {
            // No location: where in a bundle the refusal happened is no business of someone refused.
            return new ForbiddenOperationException(
                    "Access denied: " + denied.getMessage(),
                    outcome(IssueType.FORBIDDEN, "Access denied: " + denied.getMessage(), null));
        }
        if (cause instanceof NotAuthenticated missing) {
            return new AuthenticationException("Authentication required: " + missing.getMessage());
        }
        if (cause instanceof RuleViolation rule) {
            return new UnprocessableEntityException(
                    context, outcome(IssueType.BUSINESSRULE, rule.getMessage(), join(locationPrefix, rule.location())));
        }
        if (cause instanceof DuplicateReferral duplicate) {
            return new ResourceVersionConflictException(
                    duplicate.getMessage(),
                    null,
                    outcome(
                            IssueType.DUPLICATE,
                            duplicate.getMessage(),
                            join(locationPrefix, "ServiceRequest.identifier")));
        }
        if (cause instanceof DuplicateIdentifier duplicate) {
            return new ResourceVersionConflictException(
                    duplicate.getMessage(),
                    null,
                    outcome(
                            IssueType.DUPLICATE,
                            duplicate.getMessage(),
                            join(locationPrefix, duplicate.resourceType() + ".identifier")));
        }
        if (cause instanceof StateConflict conflict) {
            return new ResourceVersionConflictException(
                    conflict.getMessage(),
                    null,
                    outcome(
                            IssueType.CONFLICT,
                            conflict.getMessage(),
                            locationPrefix.isEmpty() ? null : locationPrefix));
        }
        if (cause instanceof ResourceNotFound missing) {
            return prefixed(new ResourceNotFoundException(missing.getMessage()), locationPrefix);
        }
        if (cause instanceof VersionConflict stale) {
            return prefixed(new PreconditionFailedException(stale.getMessage()), locationPrefix);
        }
        String incident = UUID.randomUUID().toString();
        if (cause instanceof NotCommitted rolledBack) {
            // The work succeeded but its transaction did not commit: whatever the answer was going to say, nothing
            // stands.
            LOG.log(Level.WARNING, "Incident " + incident + " (not committed: " + rolledBack.getMessage() + ")");
            return busy("The change was not stored: " + rolledBack.getMessage() + " (incident " + incident
                    + "). Nothing of this request was kept; send it again, or in smaller parts if it is large.");
        }
        if (retryable(failure)) {
            // A lock not granted in time (e.g. the audit chain's head row while a large Bundle is written), or a
            // transaction the database rolled back to end a deadlock: nothing was changed, and the same request
            // will succeed a moment later.
            LOG.log(Level.WARNING, "Incident " + incident + " (busy)", failure);
            return busy("The server is busy (incident " + incident + "); nothing was changed. Retry in a moment.");
        }
        LOG.log(Level.SEVERE, "Incident " + incident, failure);
        return new InternalErrorException("The server failed to handle this request (incident " + incident
                + "). Please report the incident number.");
    }

    /**
     * H2 reports a lock timeout or a deadlock as a SQLTransientException; PostgreSQL a deadlock or serialization
     * failure only by its SQLSTATE. A commit the transaction manager refused (RollbackException) stored nothing either,
     * nor did work that got no connection from the pool in time (a ResourceAllocationException under the SQLException).
     */
    private static boolean retryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException
                    || cause instanceof jakarta.transaction.RollbackException
                    || cause instanceof jakarta.resource.spi.ResourceAllocationException
                    || cause instanceof SQLException sql
                            && sql.getSQLState() != null
                            && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** 503 with Retry-After: the same request can succeed a moment later. */
    private static UnclassifiedServerFailureException busy(String message) {
        UnclassifiedServerFailureException busy = new UnclassifiedServerFailureException(503, message);
        busy.addResponseHeader("Retry-After", "2");
        return busy;
    }

    /** "Bundle.entry[2].resource" + "ServiceRequest.subject" → "Bundle.entry[2].resource.ServiceRequest.subject". */
    private static String join(String prefix, String location) {
        return prefix.isEmpty() ? location : prefix + "." + location;
    }

    /** HAPI wraps what a provider throws; the interesting failure is the first one we know. */
    private static Throwable unwrap(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransactionEntryFailure
                    || cause instanceof nl.hartketen.domain.shared.DomainException
                    || cause instanceof NotCommitted
                    || cause instanceof ResourceNotFound
                    || cause instanceof VersionConflict
                    || cause instanceof DataFormatException
                    || cause instanceof AccessDenied
                    || cause instanceof NotAuthenticated
                    || (cause instanceof BaseServerResponseException && !(cause instanceof InternalErrorException))) {
                return cause;
            }
        }
        return failure;
    }

    private BaseServerResponseException prefixed(BaseServerResponseException exception, String locationPrefix) {
        if (locationPrefix.isEmpty()) {
            return exception;
        }
        IBaseOperationOutcome existing = exception.getOperationOutcome();
        OperationOutcome outcome = existing instanceof OperationOutcome oo
                ? oo
                : outcome(IssueType.PROCESSING, exception.getMessage(), null);
        for (OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            issue.setDiagnostics(locationPrefix + ": " + issue.getDiagnostics());
            issue.getExpression()
                    .forEach(expression -> expression.setValue(locationPrefix + "." + expression.getValue()));
            if (issue.getExpression().isEmpty()) {
                issue.addExpression(locationPrefix);
            }
        }
        exception.setOperationOutcome(outcome);
        return exception;
    }

    private static OperationOutcome outcome(IssueType type, String message, String location) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message);
        if (location != null) {
            issue.addExpression(location);
            issue.getLocation().add(new StringType(location));
        }
        return outcome;
    }
}
