package nl.hartketen.workflow.audit;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.audit.AuditEntry;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.types.StoredTypes;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Writes the audit trail NEN 7513 asks for, as FHIR AuditEvents: what (interaction, resources, search), when, which
 * patients, who (the user, their role and practitioner number), on whose behalf (the organization), from where
 * (network address) and how it ended. A change's entry is written in the change's own transaction.
 */
@ApplicationScoped
public class AuditTrail {

    static final String ROLE_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/role";
    private static final String INTERACTION_SYSTEM = "http://hl7.org/fhir/restful-interaction";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";

    /** The entries of the request being served on this thread, while they are counted ({@link #countEntries}). */
    private static final ThreadLocal<RequestEntries> COUNTED = new ThreadLocal<>();

    private AuditLog log;
    private ResourceCodec codec;
    private Clock clock;
    private ResourceService resources;
    private StoredTypes types;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    protected AuditTrail() {}

    @Inject
    public AuditTrail(AuditLog log, ResourceCodec codec, Clock clock, ResourceService resources, StoredTypes types) {
        this.log = log;
        this.codec = codec;
        this.clock = clock;
        this.resources = resources;
        this.types = types;
    }

    public void record(Caller caller, Access access) {
        AuditEvent event = toAuditEvent(caller, access);
        Set<String> entities = new LinkedHashSet<>(access.patients());
        entities.addAll(access.resources());
        log.append(new AuditEntry(
                ResourceService.newId(),
                event.getRecorded().toInstant(),
                access.action(),
                access.outcome().code(),
                access.interaction(),
                caller.subject(),
                caller.practitioner(),
                caller.organization(),
                entities,
                codec.content(event)));
        RequestEntries counted = COUNTED.get();
        if (counted != null) {
            counted.kept(transactions);
        }
    }

    /**
     * Counts the entries recorded on this thread from now on, for the request it serves, until the count is closed:
     * the interceptor records a request itself only when nothing else did (a change records its own entry).
     */
    public RequestEntries countEntries() {
        RequestEntries entries = new RequestEntries();
        COUNTED.set(entries);
        return entries;
    }

    /** The entries recorded for one request and not rolled back (an entry joins its change's transaction). */
    public static final class RequestEntries implements AutoCloseable {

        private final AtomicInteger kept = new AtomicInteger();

        public boolean any() {
            return kept.get() > 0;
        }

        private void kept(TransactionSynchronizationRegistry transactions) {
            int status = transactions.getTransactionStatus();
            if (status == Status.STATUS_MARKED_ROLLBACK) {
                return;
            }
            kept.incrementAndGet();
            if (status == Status.STATUS_ACTIVE) {
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        // nothing to prepare
                    }

                    @Override
                    public void afterCompletion(int outcome) {
                        if (outcome != Status.STATUS_COMMITTED) {
                            kept.decrementAndGet();
                        }
                    }
                });
            }
        }

        @Override
        public void close() {
            if (COUNTED.get() == this) {
                COUNTED.remove();
            }
        }
    }

    /** The patient whose data {@code resource} is, if any. */
    public Optional<String> patientOf(org.hl7.fhir.r4.model.Resource resource) {
        return types.patientOf(resource);
    }

    /**
     * The patient whose data the stored resource {@code type/id} is, looked up whether or not the caller may read it:
     * a refused access to a patient's record belongs in that patient's access log. Never shown to the caller.
     */
    public Optional<String> patientOf(String type, String id) {
        if ("Patient".equals(type)) {
            return Optional.of("Patient/" + id);
        }
        return resources.readAll(List.of(type + "/" + id)).stream()
                .findFirst()
                .map(codec::decode)
                .flatMap(types::patientOf);
    }

    AuditEvent toAuditEvent(Caller caller, Access access) {
        AuditEvent event = new AuditEvent();
        event.setType(
                new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        event.addSubtype(new Coding(INTERACTION_SYSTEM, access.interaction(), access.operation()));
        event.setAction(AuditEvent.AuditEventAction.fromCode(access.action()));
        event.setRecorded(Date.from(clock.instant()));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(access.outcome().code()));
        if (access.detail() != null) {
            event.setOutcomeDesc(access.detail());
        }
        event.addAgent(user(caller));
        if (caller.organization() != null || caller.organizationId() != null) {
            event.addAgent(organization(caller));
        }
        event.getSource()
                .setSite("Hartketen")
                .setObserver(new Reference().setDisplay("Hartketen"))
                .addType(new Coding(
                        "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        for (String patient : access.patients()) {
            event.addEntity(entity(patient, "1", "Person", "1", "Patient"));
        }
        for (String resource : access.resources()) {
            event.addEntity(entity(resource, "2", "System Object", "4", "Domain Resource"));
        }
        if (access.query() != null) {
            AuditEventEntityComponent query = event.addEntity();
            query.setType(new Coding(ENTITY_TYPE, "2", "System Object"));
            query.setRole(new Coding(OBJECT_ROLE, "24", "Query"));
            query.setDescription(access.query());
            query.setQuery(access.query().getBytes(StandardCharsets.UTF_8));
        }
        return event;
    }

    private static AuditEventAgentComponent user(Caller caller) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent();
        agent.setType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user")));
        agent.addRole(new CodeableConcept(
                new Coding(ROLE_SYSTEM, caller.role().name().toLowerCase(java.util.Locale.ROOT), null)));
        Reference who = new Reference().setDisplay(caller.name());
        if (caller.practitioner() != null) {
            who.setReference(caller.practitioner());
        }
        if (caller.practitionerId() != null) {
            who.setIdentifier(new Identifier()
                    .setSystem(caller.practitionerId().system())
                    .setValue(caller.practitionerId().value()));
        }
        agent.setWho(who);
        agent.setAltId(caller.subject());
        agent.setName(caller.name());
        agent.setRequestor(true);
        if (caller.address() != null) {
            agent.getNetwork().setAddress(caller.address()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        return agent;
    }

    /** The organization the user acts for: "on whose behalf". */
    private static AuditEventAgentComponent organization(Caller caller) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent();
        agent.setType(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", "healthcare provider")));
        Reference who = new Reference();
        if (caller.organization() != null) {
            who.setReference(caller.organization());
        }
        if (caller.organizationId() != null) {
            who.setIdentifier(new Identifier()
                    .setSystem(caller.organizationId().system())
                    .setValue(caller.organizationId().value()));
        }
        agent.setWho(who);
        agent.setRequestor(false);
        return agent;
    }

    private static AuditEventEntityComponent entity(
            String reference, String type, String typeDisplay, String role, String roleDisplay) {
        AuditEventEntityComponent entity = new AuditEventEntityComponent();
        entity.setWhat(new Reference(reference));
        entity.setType(new Coding(ENTITY_TYPE, type, typeDisplay));
        entity.setRole(new Coding(OBJECT_ROLE, role, roleDisplay));
        return entity;
    }
}
