package nl.hartketen.workflow.audit;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Writes the audit trail NEN 7513 asks for, as FHIR AuditEvents: what (interaction, resources, search), when, which
 * patients, who (the user, their role and practitioner number), on whose behalf (the organization), from where
 * (network address) and how it ended. A change's entry is written in the change's own transaction.
 */
@ApplicationScoped
public class AuditTrail {

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
        Instant recorded = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Set<String> entities = new LinkedHashSet<>(access.patients());
        entities.addAll(access.resources());
        log.append(new AuditEntry(
                ResourceService.newId(),
                recorded,
                access.action(),
                access.outcome().code(),
                access.interaction(),
                caller.subject(),
                caller.practitioner(),
                caller.organization(),
                entities,
                AuditEventJson.write(caller, access, recorded)));
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
}
