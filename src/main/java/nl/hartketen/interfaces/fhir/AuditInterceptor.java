package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.interfaces.fhir.provider.Readings;
import nl.hartketen.interfaces.fhir.provider.RequestCaller;
import nl.hartketen.workflow.audit.Access;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.audit.Reading;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Sees to it that every FHIR request leaves exactly one audit entry once its caller is known: a change records its
 * own, in its transaction (the writer); for everything else (reads, searches, history, operations, pages, and every
 * request that failed or was refused, also on paths HAPI answers itself) this interceptor writes it, before the
 * answer goes out. Successful reads of the directory alone are not recorded.
 */
@Interceptor
public class AuditInterceptor {

    private static final Logger LOG = Logger.getLogger(AuditInterceptor.class.getName());
    private static final String ENTRIES = AuditInterceptor.class.getName() + ".entries";
    /** Search parameters that name the patient whose data is searched. */
    private static final Set<String> PATIENT_PARAMETERS = Set.of("patient", "subject", "for");

    private final AuditTrail trail;
    private final RequestCaller callers;
    private final UnaryOperator<IBaseResource> asStored;
    private final UnaryOperator<String> storedType;

    /** For the R4 endpoint, whose resources are the stored ones. */
    public AuditInterceptor(AuditTrail trail, RequestCaller callers) {
        this(trail, callers, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * @param asStored   turns a resource of the endpoint's FHIR version into the stored R4 resources it shows
     * @param storedType the R4 type a type of the endpoint's version is stored as ("ReferralRequest" → "ServiceRequest")
     */
    public AuditInterceptor(
            AuditTrail trail,
            RequestCaller callers,
            UnaryOperator<IBaseResource> asStored,
            UnaryOperator<String> storedType) {
        this.trail = trail;
        this.callers = callers;
        this.asStored = asStored;
        this.storedType = storedType;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public void started(RequestDetails request) {
        request.getUserData().put(ENTRIES, trail.countEntries());
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(RequestDetails request) {
        if (request.getUserData().remove(ENTRIES) instanceof AuditTrail.RequestEntries entries) {
            entries.close();
        }
    }

    /** Runs before the answer is written: if the entry cannot be written, the caller gets an error, not the data. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void answered(RequestDetails request, IBaseResource response) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (response instanceof Bundle answer
                && answer.getType() == Bundle.BundleType.BATCHRESPONSE
                && request.getResource() instanceof Bundle batch) {
            failedEntries(request, batch, answer);
        }
        if (operation == null || operation == RestOperationTypeEnum.METADATA || recordedAlready(request)) {
            return;
        }
        Optional<Reading> said = Readings.of(request);
        if (said.isPresent()) {
            trail.record(callers.of(request), said.get().ended(Access.Outcome.SUCCESS, null));
            return;
        }
        Touched touched = new Touched();
        touched.add(response == null ? null : asStored.apply(response));
        if (!concernsPatientData(request) && touched.isEmpty()) {
            return;
        }
        touched.patients.addAll(patientsNamed(request));
        trail.record(
                callers.of(request),
                new Access(
                        interaction(request),
                        request.getOperation(),
                        action(request),
                        touched.resources,
                        touched.patients,
                        query(request),
                        Access.Outcome.SUCCESS,
                        null));
    }

    /**
     * Every failure and refusal, and a 304 (Not Modified: a read whose answer the caller holds already, a success). The
     * entry names the patient of the resource asked for even when the caller may not see it; the caller never sees the
     * entry.
     */
    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException failure) {
        boolean success = failure.getStatusCode() < 400;
        if (request.getRestOperationType() == RestOperationTypeEnum.METADATA
                || recordedAlready(request)
                || success && !concernsPatientData(request)) {
            return true;
        }
        Caller caller;
        try {
            caller = callers.of(request);
        } catch (RuntimeException unknownCaller) {
            return true;
        }
        Access.Outcome outcome = success
                ? Access.Outcome.SUCCESS
                : failure.getStatusCode() >= 500 ? Access.Outcome.SERIOUS_FAILURE : Access.Outcome.MINOR_FAILURE;
        String detail = success ? null : failure.getStatusCode() + " " + diagnostics(failure);
        try {
            Optional<Reading> said = Readings.of(request);
            if (said.isPresent()) {
                trail.record(caller, said.get().ended(outcome, detail));
                return true;
            }
            List<String> resources = new ArrayList<>();
            Set<String> patients = new LinkedHashSet<>(patientsNamed(request));
            if (hasInstance(request)) {
                String type = storedType.apply(request.getResourceName());
                resources.add(type + "/" + request.getId().getIdPart());
                trail.patientOf(type, request.getId().getIdPart()).ifPresent(patients::add);
            }
            bodyPatient(request).ifPresent(patients::add);
            resources.removeAll(patients);
            trail.record(
                    caller,
                    new Access(
                            interaction(request),
                            request.getOperation(),
                            action(request),
                            resources,
                            patients,
                            query(request),
                            outcome,
                            detail));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not write the audit entry of a failed request", e);
        }
        return true;
    }

    /**
     * A batch's entries that failed, each recorded as the same request on its own would be (the stored ones have the
     * entries of their writes).
     */
    private void failedEntries(RequestDetails request, Bundle batch, Bundle answer) {
        Caller caller = callers.of(request);
        for (int i = 0; i < answer.getEntry().size() && i < batch.getEntry().size(); i++) {
            Bundle.BundleEntryResponseComponent response =
                    answer.getEntry().get(i).getResponse();
            int status = Integer.parseInt(response.getStatus().split(" ")[0]);
            if (status < 400) {
                continue;
            }
            Bundle.BundleEntryComponent entry = batch.getEntry().get(i);
            String interaction = entry.getRequest().getMethod() == null
                    ? "transaction"
                    : switch (entry.getRequest().getMethod()) {
                        case POST -> "create";
                        case PUT -> "update";
                        case DELETE -> "delete";
                        case GET, HEAD -> "read";
                        default -> "transaction";
                    };
            List<String> resources = new ArrayList<>();
            Set<String> patients = new LinkedHashSet<>();
            Resource body = entry.getResource();
            References.relative(entry.getRequest().getUrl())
                    .filter(target -> body != null && target.startsWith(body.fhirType() + "/"))
                    .ifPresent(target -> {
                        resources.add(target);
                        trail.patientOf(body.fhirType(), target.substring(target.indexOf('/') + 1))
                                .ifPresent(patients::add);
                    });
            if (body != null && !(body instanceof Patient)) {
                trail.patientOf(body).ifPresent(patients::add);
            }
            resources.removeAll(patients);
            String diagnostics = response.getOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()
                    ? outcome.getIssueFirstRep().getDiagnostics()
                    : "";
            trail.record(
                    caller,
                    new Access(
                            interaction,
                            null,
                            action(interaction),
                            resources,
                            patients,
                            null,
                            status >= 500 ? Access.Outcome.SERIOUS_FAILURE : Access.Outcome.MINOR_FAILURE,
                            response.getStatus() + " " + diagnostics));
        }
    }

    /** Whether this request's entry is written already: by its change, or by a refusal recorded where it was decided. */
    private static boolean recordedAlready(RequestDetails request) {
        return request.getUserData().get(ENTRIES) instanceof AuditTrail.RequestEntries entries && entries.any();
    }

    /** Requests on patient data, on the audit trail, transactions and paths no handler serves (whatever they asked). */
    private static boolean concernsPatientData(RequestDetails request) {
        String type = request.getResourceName();
        RestOperationTypeEnum operation = request.getRestOperationType();
        return operation == null
                || operation == RestOperationTypeEnum.TRANSACTION
                || type != null && (AccessPolicy.isPatientData(type) || AccessPolicy.AUDIT.equals(type));
    }

    private static boolean hasInstance(RequestDetails request) {
        return request.getResourceName() != null
                && request.getId() != null
                && request.getId().hasIdPart();
    }

    /** The patients a request names: the Patient it is on, and those its search parameters name. */
    private static Set<String> patientsNamed(RequestDetails request) {
        Set<String> patients = new LinkedHashSet<>();
        if ("Patient".equals(request.getResourceName()) && hasInstance(request)) {
            patients.add("Patient/" + request.getId().getIdPart());
        }
        request.getParameters().forEach((name, values) -> {
            String parameter = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            boolean patientIds = "patient".equals(parameter)
                    || "_id".equals(parameter) && "Patient".equals(request.getResourceName());
            if (PATIENT_PARAMETERS.contains(parameter) || patientIds) {
                Arrays.stream(values)
                        .flatMap(value -> Arrays.stream(value.split(",")))
                        .map(value -> patientIds && !value.contains("/") ? "Patient/" + value : value)
                        .map(References::relative)
                        .flatMap(Optional::stream)
                        .filter(reference -> reference.startsWith("Patient/"))
                        .forEach(patients::add);
            }
        });
        return patients;
    }

    /** The patient a refused create or update was about (a body that cannot be read names none). */
    private Optional<String> bodyPatient(RequestDetails request) {
        IBaseResource body = request.getResource();
        if (body == null || "Patient".equals(body.fhirType())) {
            return Optional.empty();
        }
        try {
            return asStored.apply(body) instanceof Resource resource ? trail.patientOf(resource) : Optional.empty();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The interaction asked for; for a path no handler serves, what its method and path ask. */
    private static String interaction(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null) {
            String named = request.getOperation();
            if (named != null && named.startsWith("$")) {
                return "operation";
            }
            if (Constants.PARAM_HISTORY.equals(named)) {
                return hasInstance(request)
                        ? "history-instance"
                        : request.getResourceName() != null ? "history-type" : "history-system";
            }
            return switch (request.getRequestType()) {
                case POST -> "create";
                case PUT -> "update";
                case DELETE -> "delete";
                case PATCH -> "patch";
                default ->
                    hasInstance(request) ? "read" : request.getResourceName() != null ? "search-type" : "search-system";
            };
        }
        return switch (operation) {
            case READ -> "read";
            case VREAD -> "vread";
            case SEARCH_TYPE, GET_PAGE -> "search-type";
            case SEARCH_SYSTEM -> "search-system";
            case HISTORY_INSTANCE -> "history-instance";
            case HISTORY_TYPE -> "history-type";
            case HISTORY_SYSTEM -> "history-system";
            case CREATE -> "create";
            case UPDATE -> "update";
            case TRANSACTION -> "transaction";
            case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> "operation";
            default -> operation.getCode();
        };
    }

    /** AuditEvent.action: searches and operations execute (E), reads read (R), changes create (C), update (U), delete (D). */
    private static String action(RequestDetails request) {
        return action(interaction(request));
    }

    private static String action(String interaction) {
        return switch (interaction) {
            case "create" -> "C";
            case "update", "patch" -> "U";
            case "delete" -> "D";
            case "read", "vread", "history-instance", "history-type", "history-system" -> "R";
            default -> "E";
        };
    }

    /** The search as sent, for searches and their pages. */
    private static String query(RequestDetails request) {
        if (!interaction(request).startsWith("search")) {
            return null;
        }
        String queryString =
                ((ServletRequestDetails) request).getServletRequest().getQueryString();
        return request.getRequestPath() + (queryString == null ? "" : "?" + queryString);
    }

    private static String diagnostics(BaseServerResponseException failure) {
        if (failure.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
            return outcome.getIssueFirstRep().getDiagnostics();
        }
        return failure.getMessage();
    }

    /** The resources and patients an answer holds (audit entries in it are not repeated). */
    private final class Touched {
        final List<String> resources = new ArrayList<>();
        final Set<String> patients = new LinkedHashSet<>();

        void add(IBaseResource response) {
            if (response instanceof Bundle bundle) {
                bundle.getEntry().stream()
                        .filter(Bundle.BundleEntryComponent::hasResource)
                        .forEach(entry -> add(entry.getResource()));
            } else if (response instanceof Resource resource
                    && !(resource instanceof OperationOutcome)
                    && !AccessPolicy.AUDIT.equals(resource.fhirType())) {
                addOne(resource);
            }
        }

        private void addOne(Resource resource) {
            trail.patientOf(resource).ifPresent(patients::add);
            if (!(resource instanceof Patient)
                    && AccessPolicy.isPatientData(resource.fhirType())
                    && resource.getIdElement().hasIdPart()) {
                resources.add(
                        resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            }
        }

        boolean isEmpty() {
            return resources.isEmpty() && patients.isEmpty();
        }
    }
}
