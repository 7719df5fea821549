package nl.hartketen.workflow.transaction;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import nl.hartketen.application.UnitOfWork;
import nl.hartketen.application.access.Caller;
import nl.hartketen.workflow.types.PatientSteps;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.types.Written;
import nl.hartketen.workflow.write.ResourceWriter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR batch Bundles: each entry stands alone and has its own outcome; a bad entry does not cost the good ones.
 * References between entries are not resolved (FHIR says so): a {@code urn:uuid:} reference fails its entry as it
 * would fail a single create.
 *
 * <p>A durable commit per entry would make a batch as slow as its entries sent one by one, so the batch is first
 * written in one database transaction: the common case, every entry good, costs one commit. When an entry fails, that
 * transaction is rolled back (nothing of it stands) and every entry is written again in a transaction of its own, so
 * the bad ones fail and the rest are stored. Either way an entry answered 2xx was committed before the answer, with
 * its audit entry ({@link ResourceWriter}). Bounded as transactions are, in entries (413 for the whole Bundle, nothing
 * stored) and in time: past {@code hartketen.transaction.max-seconds}, the first attempt is rolled back and answered
 * 413; in the second, the entries not reached yet fail with 413 and those written stay.
 */
@ApplicationScoped
public class BatchProcessor {

    private ResourceWriter writer;
    private StoredTypes types;
    private UnitOfWork unitOfWork;
    private PatientSteps patientSteps;
    private int maxEntries;
    private int maxSeconds;

    protected BatchProcessor() {}

    @Inject
    public BatchProcessor(
            ResourceWriter writer,
            StoredTypes types,
            UnitOfWork unitOfWork,
            PatientSteps patientSteps,
            @ConfigProperty(name = "hartketen.transaction.max-entries", defaultValue = "1000") int maxEntries,
            @ConfigProperty(name = "hartketen.transaction.max-seconds", defaultValue = "30") int maxSeconds) {
        this.writer = writer;
        this.types = types;
        this.unitOfWork = unitOfWork;
        this.patientSteps = patientSteps;
        this.maxEntries = maxEntries;
        this.maxSeconds = maxSeconds;
    }

    /** What one entry asks for; {@code resource} stays untouched, each attempt writes a copy. */
    private record Planned(
            int index, Resource resource, HTTPVerb method, String id, String ifNoneExist, Long ifMatch) {}

    /** The outcome of one entry of a batch: what was written, or why not. */
    public record EntryResult(Written written, TransactionEntryFailure failure) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    /** @return one result per entry, in the Bundle's order */
    public List<EntryResult> process(Bundle bundle, Caller caller) {
        if (bundle.getType() != Bundle.BundleType.BATCH) {
            throw new InvalidRequestException("Bundle.type must be 'batch' here, not '"
                    + (bundle.getType() == null ? "" : bundle.getType().toCode()) + "'");
        }
        boolean bounded = !caller.isSystem();
        int size = bundle.getEntry().size();
        if (bounded && size > maxEntries) {
            throw new PayloadTooLargeException("This batch has " + size + " entries; at most " + maxEntries
                    + " are taken in one Bundle. Split it into Bundles of at most " + maxEntries + " entries.");
        }
        OptionalLong deadline =
                bounded ? OptionalLong.of(System.nanoTime() + maxSeconds * 1_000_000_000L) : OptionalLong.empty();
        EntryResult[] results = new EntryResult[size];
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            try {
                plan.add(plan(i, bundle.getEntry().get(i)));
            } catch (RuntimeException e) {
                results[i] = new EntryResult(null, new TransactionEntryFailure(i, e));
            }
        }
        if (!plan.isEmpty() && !allInOneTransaction(plan, caller, deadline, results)) {
            eachOnItsOwn(plan, caller, deadline, results);
        }
        return Arrays.asList(results);
    }

    private Planned plan(int index, BundleEntryComponent entry) {
        // The messages need not say which entry: the failure's location (TransactionEntryFailure) does.
        if (!entry.hasResource()) {
            throw new InvalidRequestException("the entry has no resource");
        }
        Resource resource = entry.getResource();
        if (types.transactionOrder(resource.fhirType()).isEmpty()) {
            throw new InvalidRequestException(
                    resource.fhirType() + " cannot be written here; supported: " + types.writtenInTransactions());
        }
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        HTTPVerb method = request.getMethod();
        if (method == HTTPVerb.POST) {
            return new Planned(index, resource, method, null, request.getIfNoneExist(), null);
        }
        if (method == HTTPVerb.PUT) {
            IdType url = new IdType(request.getUrl());
            if (!resource.fhirType().equals(url.getResourceType())
                    || !url.hasIdPart()
                    || request.getUrl().contains("?")) {
                throw new InvalidRequestException("request.url must be " + resource.fhirType()
                        + "/[id] for a PUT, not '" + request.getUrl() + "'");
            }
            return new Planned(
                    index,
                    resource,
                    method,
                    url.getIdPart(),
                    null,
                    TransactionProcessor.expectedVersion(request.getIfMatch()));
        }
        throw new InvalidRequestException("request.method must be POST or PUT in a batch, not '"
                + (method == null ? "" : method.toCode()) + "': read and search with requests of their own");
    }

    /**
     * Every entry in one transaction, with the patient steps at its end as in a transaction Bundle.
     *
     * @return false when an entry failed and nothing was stored, so that each entry must be written on its own
     */
    private boolean allInOneTransaction(
            List<Planned> plan, Caller caller, OptionalLong deadline, EntryResult[] results) {
        List<Written> written;
        try {
            written = unitOfWork.run(() -> patientSteps.atTheEnd(() -> {
                List<Written> done = new ArrayList<>();
                for (Planned planned : plan) {
                    unitOfWork.requireCommittable();
                    if (pastDeadline(deadline)) {
                        throw TransactionProcessor.ranTooLong(maxSeconds, done.size(), plan.size());
                    }
                    try {
                        done.add(writeInTheTransaction(planned, caller));
                    } catch (RuntimeException e) {
                        throw new TransactionEntryFailure(planned.index(), e);
                    }
                }
                return done;
            }));
        } catch (TransactionEntryFailure entryFailed) {
            return false;
        }
        // Anything else (not committed, past the deadline) fails the whole Bundle, as it would a transaction.
        for (int i = 0; i < plan.size(); i++) {
            results[plan.get(i).index()] = new EntryResult(written.get(i), null);
        }
        return true;
    }

    /** Each entry in a transaction of its own (the writer's): one failure takes only its own entry. */
    private void eachOnItsOwn(List<Planned> plan, Caller caller, OptionalLong deadline, EntryResult[] results) {
        int done = 0;
        for (Planned planned : plan) {
            RuntimeException failure;
            if (pastDeadline(deadline)) {
                failure = new PayloadTooLargeException("This batch ran past " + maxSeconds + " s after " + done
                        + " of its " + plan.size() + " entries: this entry was not processed and nothing of it"
                        + " was stored. Send it again, in a smaller Bundle.");
            } else {
                try {
                    results[planned.index()] = new EntryResult(writeOnItsOwn(planned, caller), null);
                    done++;
                    continue;
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            results[planned.index()] = new EntryResult(null, new TransactionEntryFailure(planned.index(), failure));
        }
    }

    private Written writeInTheTransaction(Planned planned, Caller caller) {
        Resource resource = planned.resource().copy();
        if (planned.ifNoneExist() != null) {
            Resource match = writer.findSingleMatch(resource.fhirType(), planned.ifNoneExist(), caller)
                    .orElse(null);
            if (match != null) {
                return writer.matched(match, caller);
            }
        }
        return write(planned, resource, caller);
    }

    private Written writeOnItsOwn(Planned planned, Caller caller) {
        Resource resource = planned.resource().copy();
        if (planned.ifNoneExist() != null) {
            // Also finds what a resend of the same Bundle, running at the same time, stored meanwhile.
            return writer.createIfNoneExist(resource, planned.ifNoneExist(), caller);
        }
        return write(planned, resource, caller);
    }

    private Written write(Planned planned, Resource resource, Caller caller) {
        if (planned.method() == HTTPVerb.POST) {
            return writer.create(resource, null, false, caller);
        }
        return writer.update(planned.id(), resource, planned.ifMatch(), false, caller);
    }

    private static boolean pastDeadline(OptionalLong deadline) {
        return deadline.isPresent() && System.nanoTime() - deadline.getAsLong() > 0;
    }
}
