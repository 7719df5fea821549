package nl.hartketen.workflow.transaction;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import nl.hartketen.application.UnitOfWork;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.workflow.check.ReferenceCheck;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.types.PatientSteps;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.types.Written;
import nl.hartketen.workflow.write.ResourceWriter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * FHIR transaction Bundles: every entry takes effect or none does. Entries' fullUrls (urn:uuid:…) get their
 * server ids first and every reference to them is rewritten; then the entries are written in dependency order
 * (referenced resources, then requests, then their tasks) inside one database transaction.
 *
 * <p>The work of a client's Bundle is bounded, in entries and in time, so that it ends (and its row locks are released)
 * well before the transaction manager's timeout and the HTTP request timeout: a Bundle over either limit is refused with
 * 413 and nothing of it is stored. The server's own loads (the shipped networks, the demo data) are not bounded.
 */
@ApplicationScoped
public class TransactionProcessor {

    private ResourceWriter writer;
    private StoredTypes types;
    private UnitOfWork unitOfWork;
    private PatientSteps patientSteps;
    private FhirContext context;
    private int maxEntries;
    private int maxSeconds;

    protected TransactionProcessor() {}

    @Inject
    public TransactionProcessor(
            ResourceWriter writer,
            StoredTypes types,
            UnitOfWork unitOfWork,
            PatientSteps patientSteps,
            FhirContext context,
            @ConfigProperty(name = "hartketen.transaction.max-entries", defaultValue = "1000") int maxEntries,
            @ConfigProperty(name = "hartketen.transaction.max-seconds", defaultValue = "30") int maxSeconds) {
        this.writer = writer;
        this.types = types;
        this.unitOfWork = unitOfWork;
        this.patientSteps = patientSteps;
        this.context = context;
        this.maxEntries = maxEntries;
        this.maxSeconds = maxSeconds;
    }

    /**
     * What one entry asks for, once its id is known; {@code match} is what its If-None-Exist found, which the entry
     * then stands for instead of being written.
     */
    private record Planned(
            int index, BundleEntryComponent entry, Resource resource, String id, boolean create, Resource match) {}

    public Bundle process(Bundle bundle, Caller caller) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new InvalidRequestException("Bundle.type must be 'transaction' to be processed at the base URL, not '"
                    + (bundle.getType() == null ? "" : bundle.getType().toCode()) + "'");
        }
        boolean bounded = !caller.isSystem();
        if (bounded && bundle.getEntry().size() > maxEntries) {
            throw new PayloadTooLargeException("This transaction has "
                    + bundle.getEntry().size() + " entries; at most "
                    + maxEntries + " are taken in one transaction. Split it into Bundles of at most " + maxEntries
                    + " entries (a referral with the resources it refers to in the same Bundle).");
        }
        if (!hasConditionalCreates(bundle)) {
            return processPlanned(bundle, caller, bounded);
        }
        // Two sends of one Bundle at once (a client's retry while the first is still running) both find nothing, and
        // the database lets only one store its identifiers. The other is planned again, and then finds what it made.
        Bundle untouched = bundle.copy();
        try {
            return processPlanned(bundle, caller, bounded);
        } catch (TransactionEntryFailure failure) {
            if (!isClash(failure)) {
                throw failure;
            }
            return processPlanned(untouched, caller, bounded);
        }
    }

    private static boolean isClash(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DuplicateReferral || cause instanceof DuplicateIdentifier) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasConditionalCreates(Bundle bundle) {
        return bundle.getEntry().stream().anyMatch(entry -> entry.getRequest().hasIfNoneExist());
    }

    private Bundle processPlanned(Bundle bundle, Caller caller, boolean bounded) {
        List<Planned> plan = plan(bundle, caller);
        OptionalLong deadline =
                bounded ? OptionalLong.of(System.nanoTime() + maxSeconds * 1_000_000_000L) : OptionalLong.empty();
        Map<Integer, Written> results =
                unitOfWork.run(() -> patientSteps.atTheEnd(() -> execute(plan, caller, deadline)));
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < plan.size(); i++) {
            response.addEntry(results.get(i).responseEntry());
        }
        return response;
    }

    private List<Planned> plan(Bundle bundle, Caller caller) {
        List<Planned> plan = new ArrayList<>();
        Map<String, String> newReferences = new HashMap<>();
        // FHIR: a transaction that names one fullUrl twice, or writes one resource twice, fails as a whole.
        Map<String, Integer> entryByFullUrl = new HashMap<>();
        Map<String, Integer> entryByTarget = new HashMap<>();
        Set<String> matched = new HashSet<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleEntryComponent entry = bundle.getEntry().get(i);
            String at = "Bundle.entry[" + i + "]";
            if (!entry.hasResource()) {
                throw new InvalidRequestException(at + ".resource is missing");
            }
            Resource resource = entry.getResource();
            if (types.transactionOrder(resource.fhirType()).isEmpty()) {
                throw new InvalidRequestException(at + ": " + resource.fhirType()
                        + " cannot be written here; supported: " + types.writtenInTransactions());
            }
            HTTPVerb method = entry.getRequest().getMethod();
            String id;
            Resource match = null;
            if (method == HTTPVerb.POST) {
                // A conditional create that finds its resource is not written; references to its fullUrl go to it.
                if (entry.getRequest().hasIfNoneExist()) {
                    match = ifNoneExist(
                            resource.fhirType(),
                            withEntryIds(entry.getRequest().getIfNoneExist(), newReferences),
                            caller,
                            at);
                } else if (resource instanceof Task task) {
                    match = taskOfAMatchedRequest(task, newReferences, matched, caller, at);
                }
                id = match == null
                        ? ResourceService.newId()
                        : match.getIdElement().getIdPart();
            } else if (method == HTTPVerb.PUT) {
                IdType url = new IdType(entry.getRequest().getUrl());
                if (!resource.fhirType().equals(url.getResourceType())
                        || !url.hasIdPart()
                        || entry.getRequest().getUrl().contains("?")) {
                    throw new InvalidRequestException(at + ".request.url must be " + resource.fhirType()
                            + "/[id] for a PUT, not '" + entry.getRequest().getUrl() + "'");
                }
                id = url.getIdPart();
            } else {
                throw new InvalidRequestException(at + ".request.method must be POST or PUT, not '"
                        + (method == null ? "" : method.toCode()) + "'");
            }
            if (entry.hasFullUrl()) {
                Integer other = entryByFullUrl.putIfAbsent(entry.getFullUrl(), i);
                if (other != null) {
                    throw new InvalidRequestException("Bundle.entry[" + other + "] and " + at
                            + " have the same fullUrl '" + entry.getFullUrl() + "': each entry needs its own");
                }
                newReferences.put(entry.getFullUrl(), resource.fhirType() + "/" + id);
            }
            Integer other = entryByTarget.putIfAbsent(resource.fhirType() + "/" + id, i);
            if (other != null) {
                throw new InvalidRequestException("Bundle.entry[" + other + "] and " + at + " both write "
                        + resource.fhirType() + "/" + id + ": a transaction writes each resource once");
            }
            resource.setId(resource.fhirType() + "/" + id);
            if (match != null) {
                matched.add(resource.fhirType() + "/" + id);
            }
            plan.add(new Planned(i, entry, resource, id, method == HTTPVerb.POST, match));
        }
        for (Planned planned : plan) {
            for (Reference reference :
                    context.newTerser().getAllPopulatedChildElementsOfType(planned.resource(), Reference.class)) {
                String target = newReferences.get(reference.getReference());
                if (target != null) {
                    reference.setReference(target);
                }
                if (References.relative(reference)
                        .filter(entryByTarget::containsKey)
                        .isPresent()) {
                    reference.setUserData(ReferenceCheck.TO_TRANSACTION_ENTRY, Boolean.TRUE);
                }
            }
        }
        return plan;
    }

    private Map<Integer, Written> execute(List<Planned> plan, Caller caller, OptionalLong deadline) {
        Set<String> requestsWithTask = new HashSet<>();
        for (Planned planned : plan) {
            if (planned.resource() instanceof Task task) {
                References.relative(task.getFocus()).ifPresent(requestsWithTask::add);
            }
        }
        List<Planned> ordered = new ArrayList<>(plan);
        ordered.sort(Comparator.comparingInt((Planned p) ->
                        types.transactionOrder(p.resource().fhirType()).orElseThrow())
                .thenComparingInt(Planned::index));
        Map<Integer, Written> results = new HashMap<>();
        for (Planned planned : ordered) {
            unitOfWork.requireCommittable();
            if (deadline.isPresent() && System.nanoTime() - deadline.getAsLong() > 0) {
                throw ranTooLong(maxSeconds, results.size(), plan.size());
            }
            try {
                results.put(planned.index(), write(planned, requestsWithTask, caller));
            } catch (RuntimeException e) {
                throw new TransactionEntryFailure(planned.index(), e);
            }
        }
        return results;
    }

    private Written write(Planned planned, Set<String> requestsWithTask, Caller caller) {
        if (planned.match() != null) {
            return writer.matched(planned.match(), caller);
        }
        Resource resource = planned.resource();
        boolean taskCarried = requestsWithTask.contains(resource.fhirType() + "/" + planned.id());
        if (planned.create()) {
            return writer.create(resource, planned.id(), taskCarried, caller);
        }
        return writer.update(
                planned.id(),
                resource,
                expectedVersion(planned.entry().getRequest().getIfMatch()),
                taskCarried,
                caller);
    }

    /** A conditional URL with the fullUrls of earlier entries ("focus=urn:uuid:…") replaced by their ids. */
    private static String withEntryIds(String conditionalUrl, Map<String, String> newReferences) {
        String resolved = conditionalUrl;
        for (Map.Entry<String, String> entry : newReferences.entrySet()) {
            resolved = resolved.replace(entry.getKey(), entry.getValue());
        }
        return resolved;
    }

    /**
     * A request's Task is made with the request (or carried beside it), so a Bundle sent again with the request found
     * by its If-None-Exist finds that Task too, instead of opening a second one for the same request.
     */
    private Resource taskOfAMatchedRequest(
            Task task, Map<String, String> newReferences, Set<String> matched, Caller caller, String at) {
        String focus = task.getFocus().getReference();
        String request = newReferences.getOrDefault(focus, focus);
        if (request == null || !matched.contains(request)) {
            return null;
        }
        return ifNoneExist("Task", "focus=" + request, caller, at);
    }

    private Resource ifNoneExist(String type, String conditionalUrl, Caller caller, String at) {
        try {
            return writer.findSingleMatch(type, conditionalUrl, caller).orElse(null);
        } catch (PreconditionFailedException e) {
            throw new PreconditionFailedException(at + ".request.ifNoneExist: " + e.getMessage());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(at + ".request.ifNoneExist: " + e.getMessage());
        }
    }

    /** A Bundle whose work ran past the time limit, and was rolled back, with a size it would have fitted in. */
    static PayloadTooLargeException ranTooLong(int maxSeconds, int done, int entries) {
        return new PayloadTooLargeException("This Bundle ran past " + maxSeconds + " s after " + done + " of its "
                + entries + " entries, and nothing of it was stored. Send it in smaller Bundles (about "
                + Math.max(1, done / 2) + " entries each would fit now).");
    }

    /** An ETag such as W/"3" as a version number. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String digits = ifMatch.replaceFirst("^W/", "").replace("\"", "");
        if (!digits.matches("\\d{1,18}")) {
            throw new InvalidRequestException("request.ifMatch '" + ifMatch + "' is not a version such as W/\"3\"");
        }
        return Long.parseLong(digits);
    }
}
