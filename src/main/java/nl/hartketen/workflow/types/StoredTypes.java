package nl.hartketen.workflow.types;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Resource;

/**
 * The stored resource types, one handler each. Adding a type is a handler and a line in {@link #REGISTERED}.
 */
@ApplicationScoped
public class StoredTypes {

    /**
     * In the order a transaction writes them: what a resource refers to is written before it (the directory, then the
     * patient and the letters, then the requests and what follows from them).
     */
    public static final List<Class<? extends StoredType<?>>> REGISTERED = List.of(
            OrganizationType.class,
            LocationType.class,
            OrganizationAffiliationType.class,
            HealthcareServiceType.class,
            PlanDefinitionType.class,
            PractitionerType.class,
            PractitionerRoleType.class,
            PatientType.class,
            DocumentReferenceType.class,
            ServiceRequestType.class,
            TaskType.class,
            AppointmentType.class,
            ProcedureType.class,
            CommunicationType.class,
            DiagnosticReportType.class,
            ObservationType.class,
            EpisodeOfCareType.class,
            SubscriptionType.class,
            AuditEventType.class);

    private Map<String, StoredType<?>> byName;
    private SearchParameters searchParameters;

    protected StoredTypes() {}

    @Inject
    public StoredTypes(@Any Instance<StoredType<?>> handlers) {
        this(REGISTERED.stream()
                .<StoredType<?>>map(type -> handlers.select(type).get())
                .toList());
    }

    /** The given handlers, in transaction order; without a container, for what only describes the types. */
    public StoredTypes(List<? extends StoredType<?>> handlers) {
        byName = new LinkedHashMap<>();
        handlers.forEach(handler -> byName.put(handler.name(), handler));
        searchParameters = new SearchParameters();
        handlers.forEach(handler -> defineSearch(searchParameters, handler));
    }

    private static <R extends Resource> void defineSearch(SearchParameters parameters, StoredType<R> type) {
        type.defineSearch(parameters.define(type.resourceClass()));
    }

    public Collection<StoredType<?>> all() {
        return byName.values();
    }

    public Optional<StoredType<?>> find(String type) {
        return Optional.ofNullable(byName.get(type));
    }

    /** The handler of {@code resource}'s type. @throws IllegalArgumentException for a type that is not stored here */
    @SuppressWarnings("unchecked")
    public <R extends Resource> StoredType<R> of(R resource) {
        return (StoredType<R>) find(resource.fhirType())
                .orElseThrow(() -> new IllegalArgumentException(resource.fhirType() + " is not stored here"));
    }

    /** The patient ("Patient/id") whose data {@code resource} is, if any. */
    public Optional<String> patientOf(Resource resource) {
        return find(resource.fhirType()).flatMap(type -> patientOf(type, resource));
    }

    private static <R extends Resource> Optional<String> patientOf(StoredType<R> type, Resource resource) {
        return type.patientOf(type.resourceClass().cast(resource));
    }

    /** The position of {@code type} in a transaction's write order; empty when a transaction may not write it. */
    public Optional<Integer> transactionOrder(String type) {
        List<String> order = all().stream()
                .filter(StoredType::inTransactions)
                .map(StoredType::name)
                .toList();
        return order.contains(type) ? Optional.of(order.indexOf(type)) : Optional.empty();
    }

    /** The types a transaction may write, in order. */
    public List<String> writtenInTransactions() {
        return all().stream()
                .filter(StoredType::inTransactions)
                .map(StoredType::name)
                .toList();
    }

    @Produces
    public SearchParameters searchParameters() {
        return searchParameters;
    }
}
