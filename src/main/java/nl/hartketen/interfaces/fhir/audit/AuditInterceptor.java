package nl.hartketen.interfaces.fhir.audit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.interfaces.fhir.RequestCaller;
import nl.hartketen.interfaces.fhir.search.References;

/**
 * Writes the audit entry of every FHIR request on patient data or the audit trail that does not change anything
 * (read, vread, search, history, operations) before its answer goes out, and of every request that failed or was
 * refused. Successful changes are recorded by the writer, inside their own transaction.
 */
@Interceptor
public class AuditInterceptor {

    private static final Logger LOG = Logger.getLogger(AuditInterceptor.class.getName());
    private static final Set<RestOperationTypeEnum> CHANGES = EnumSet.of(RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE,
            RestOperationTypeEnum.TRANSACTION);

    private final AuditTrail trail;
    private final RequestCaller callers;
    private final UnaryOperator<IBaseResource> asStored;

    /** For the R4 endpoint, whose answers hold the stored resources themselves. */
    public AuditInterceptor(AuditTrail trail, RequestCaller callers) {
        this(trail, callers, UnaryOperator.identity());
    }

    /** @param asStored turns an answer of the endpoint's FHIR version back into the stored R4 resources it shows */
    public AuditInterceptor(AuditTrail trail, RequestCaller callers, UnaryOperator<IBaseResource> asStored) {
        this.trail = trail;
        this.callers = callers;
        this.asStored = asStored;
    }

    /** Runs before the answer is written: if the entry cannot be written, the caller gets an error, not the data. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void answered(RequestDetails request, IBaseResource response) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null || operation == RestOperationTypeEnum.METADATA || CHANGES.contains(operation)) {
            return;
        }
        Touched touched = new Touched();
        touched.add(response == null ? null : asStored.apply(response));
        if (!concernsPatientData(request.getResourceName()) && touched.isEmpty()) {
            return;
        }
        instancePatient(request).ifPresent(touched.patients::add);
        trail.record(callers.of(request), new Access(interaction(operation), request.getOperation(), action(operation),
                touched.resources, touched.patients, query(request, operation), Access.Outcome.SUCCESS, null));
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException failure) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null || operation == RestOperationTypeEnum.METADATA
                || operation != RestOperationTypeEnum.TRANSACTION && !concernsPatientData(request.getResourceName())) {
            return true;
        }
        Caller caller;
        try {
            caller = callers.of(request);
        } catch (RuntimeException unknownCaller) {
            return true;
        }
        List<String> resources = new ArrayList<>();
        if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
            resources.add(request.getResourceName() + "/" + request.getId().getIdPart());
        }
        Set<String> patients = new LinkedHashSet<>();
        instancePatient(request).ifPresent(patients::add);
        resources.removeAll(patients);
        String detail = failure.getStatusCode() + " " + diagnostics(failure);
        try {
            trail.record(caller, new Access(interaction(operation), request.getOperation(), action(operation), resources, patients,
                    query(request, operation), failure.getStatusCode() >= 500 ? Access.Outcome.SERIOUS_FAILURE : Access.Outcome.MINOR_FAILURE,
                    detail));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not write the audit entry of a failed request", e);
        }
        return true;
    }

    private static boolean concernsPatientData(String type) {
        return type != null && (AccessPolicy.isPatientData(type) || AccessPolicy.AUDIT.equals(type));
    }

    private static java.util.Optional<String> instancePatient(RequestDetails request) {
        return "Patient".equals(request.getResourceName()) && request.getId() != null && request.getId().hasIdPart()
                ? java.util.Optional.of("Patient/" + request.getId().getIdPart()) : java.util.Optional.empty();
    }

    private static String interaction(RestOperationTypeEnum operation) {
        return switch (operation) {
            case READ -> "read";
            case VREAD -> "vread";
            case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE -> "search-type";
            case HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> "history-instance";
            case CREATE -> "create";
            case UPDATE -> "update";
            case TRANSACTION -> "transaction";
            case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> "operation";
            default -> operation.getCode();
        };
    }

    /** AuditEvent.action: searches and operations execute (E), reads read (R), changes create (C) or update (U). */
    private static String action(RestOperationTypeEnum operation) {
        return switch (operation) {
            case CREATE -> "C";
            case UPDATE -> "U";
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> "R";
            default -> "E";
        };
    }

    private static String query(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation != RestOperationTypeEnum.SEARCH_TYPE && operation != RestOperationTypeEnum.GET_PAGE) {
            return null;
        }
        String queryString = ((ServletRequestDetails) request).getServletRequest().getQueryString();
        return request.getRequestPath() + (queryString == null ? "" : "?" + queryString);
    }

    private static String diagnostics(BaseServerResponseException failure) {
        if (failure.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
            return outcome.getIssueFirstRep().getDiagnostics();
        }
        return failure.getMessage();
    }

    /** The resources and patients an answer holds (audit entries in it are not repeated). */
    private static final class Touched {
        final List<String> resources = new ArrayList<>();
        final Set<String> patients = new LinkedHashSet<>();

        void add(IBaseResource response) {
            if (response instanceof Bundle bundle) {
                bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).forEach(entry -> add(entry.getResource()));
            } else if (response instanceof Resource resource && !(resource instanceof OperationOutcome)
                    && !AccessPolicy.AUDIT.equals(resource.fhirType())) {
                addOne(resource);
            }
        }

        private void addOne(Resource resource) {
            References.patientOf(resource).ifPresent(patients::add);
            if (!(resource instanceof Patient) && AccessPolicy.isPatientData(resource.fhirType())) {
                resources.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            }
        }

        boolean isEmpty() {
            return resources.isEmpty() && patients.isEmpty();
        }
    }
}
