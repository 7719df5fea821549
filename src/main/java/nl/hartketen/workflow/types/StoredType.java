package nl.hartketen.workflow.types;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.workflow.check.WriteChecks;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.resource.ResourceTypeWritten;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Everything the server knows about one stored resource type, in one place: whether clients write it, its profile,
 * its search parameters, the patient whose data it is, and what a write of it checks and sets in motion (who becomes
 * involved, which step a referral's Task reaches). {@link StoredTypes} registers each one; its place there is its
 * order in a transaction. The servlet offers a provider for each.
 *
 * <p>A plain type is stored as versioned JSON; a type with a workflow of its own (ServiceRequest, Task) overrides
 * {@link #create} and {@link #update}. Every write passes the common checks ({@link WriteChecks}) first.
 *
 * <p>The public no-argument constructor gives a handler that can describe its type (search parameters, profile,
 * patient) without a container; writes need the injected collaborators.
 */
public abstract class StoredType<R extends Resource> {

    /** What a write does once the resource is stored under its reference ("Type/id"). */
    @FunctionalInterface
    public interface AfterStore {
        AfterStore NOTHING = reference -> {};

        void stored(String reference);
    }

    private final Class<R> resourceClass;

    @Inject
    protected ResourceService resources;

    @Inject
    protected ResourceCodec codec;

    @Inject
    protected AccessControl access;

    @Inject
    private WriteChecks checks;

    @Inject
    private Event<ResourceTypeWritten> typeWritten;

    protected StoredType(Class<R> resourceClass) {
        this.resourceClass = resourceClass;
    }

    public Class<R> resourceClass() {
        return resourceClass;
    }

    public String name() {
        return resourceClass.getSimpleName();
    }

    /** Whether clients create and update it; otherwise the server keeps it and clients read and search it. */
    public boolean writable() {
        return true;
    }

    /** Whether a transaction Bundle may write it. */
    public boolean inTransactions() {
        return writable();
    }

    /** The profile every resource of this type is held to, declared or not. */
    public Optional<String> profile() {
        return Optional.empty();
    }

    /** What the CapabilityStatement says of the type beyond its interactions and search parameters. */
    public Optional<String> documentation() {
        return Optional.empty();
    }

    /** Defines the type's search parameters: the one source for the index, for parsing searches and for the CapabilityStatement. */
    public abstract void defineSearch(SearchParameters.Builder<R> search);

    /** The patient ("Patient/id") whose data the resource is, if any: access rules and the audit trail follow it. */
    public Optional<String> patientOf(R resource) {
        return Optional.empty();
    }

    /** The patient ("Patient/id") a reference names, if it names one. */
    protected static Optional<String> patientIn(Reference reference) {
        return References.relative(reference).filter(target -> target.startsWith("Patient/"));
    }

    /** Creates the resource under {@code id}. @param taskCarried only for a ServiceRequest: its Task comes in the same transaction */
    public Written create(R resource, String id, boolean taskCarried, Caller caller) {
        AfterStore then = check(resource, caller);
        StoredResource stored = resources.create(codec.encode(resource, id));
        stored(then, id);
        return new Written(codec.decode(stored), true);
    }

    /** Updates the stored resource {@code id}, at {@code expectedVersion} when the client gave one (If-Match). */
    public StoredResource update(String id, R resource, Long expectedVersion, Caller caller) {
        access.requireMayUpdate(caller, name(), id);
        AfterStore then = check(resource, caller);
        StoredResource stored = resources.createOrUpdate(codec.encode(resource, id), expectedVersion);
        stored(then, id);
        return stored;
    }

    /**
     * The type's own rules on a write, beyond the common checks; returns what follows once it is stored. By default
     * the writer's organization sees the patient data it wrote, and nothing else follows.
     */
    protected AfterStore rules(R resource, Caller caller) {
        return AccessPolicy.isPatientData(name()) ? writerInvolved(caller) : AfterStore.NOTHING;
    }

    /** The writer's organization becomes involved with what it wrote, so that it can read it back. */
    protected AfterStore writerInvolved(Caller caller) {
        return caller.organization() == null
                ? AfterStore.NOTHING
                : reference -> access.involve(reference, Set.of(caller.organization()), Relation.INVOLVED);
    }

    /** The common checks, then the type's rules. */
    protected AfterStore check(R resource, Caller caller) {
        checks.check(resource, profile(), caller);
        return rules(resource, caller);
    }

    /** Only the checks every stored resource passes, for a handler that checks shape and references itself. */
    protected void checkStorable(R resource) {
        checks.storable(resource);
    }

    /** What follows a write once the resource is stored, and the other nodes told of the type written. */
    protected void stored(AfterStore then, String id) {
        then.stored(name() + "/" + id);
        typeWritten.fire(new ResourceTypeWritten(name()));
    }
}
