package nl.hartketen.interfaces.fhir;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.application.ReferralService;
import nl.hartketen.application.ReferralService.TaskOpening;
import nl.hartketen.application.ResourceService;
import nl.hartketen.application.StoredResource;
import nl.hartketen.domain.patient.Bsn;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.interfaces.fhir.mapping.ServiceRequestMapping;
import nl.hartketen.interfaces.fhir.mapping.TaskMapping;
import nl.hartketen.interfaces.fhir.search.References;
import nl.hartketen.interfaces.fhir.search.SearchParameters;
import nl.hartketen.interfaces.fhir.search.SearchRequest;
import nl.hartketen.interfaces.fhir.validation.ProfileValidator;

/**
 * Every write of a resource, from a REST interaction or a transaction entry, goes through here: checked against
 * the profiles, then handed to the use case its type belongs to (referral requests and tasks to the referral
 * workflow, everything else to plain versioned storage).
 */
@ApplicationScoped
public class ResourceWriter {

    /** A written resource as it now stands, and whether it was created. */
    public record Written(Resource resource, boolean created) {
    }

    private ResourceService resources;
    private ReferralService referrals;
    private ResourceCodec codec;
    private ProfileValidator validator;
    private SearchParameters searchParameters;
    private ResourceReader reader;
    private Clock clock;

    protected ResourceWriter() {
    }

    @Inject
    public ResourceWriter(ResourceService resources, ReferralService referrals, ResourceCodec codec, ProfileValidator validator,
                          SearchParameters searchParameters, ResourceReader reader, Clock clock) {
        this.resources = resources;
        this.referrals = referrals;
        this.codec = codec;
        this.validator = validator;
        this.searchParameters = searchParameters;
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * Creates a resource with a new id, or with {@code id} when the caller assigned one (transactions, update-as-create).
     *
     * @param taskCarried for a ServiceRequest: its Task comes in the same transaction, so none is made here
     */
    public Written create(Resource resource, String id, boolean taskCarried, Actor actor) {
        String newId = id != null ? id : ResourceService.newId();
        if (resource instanceof ServiceRequest request) {
            return submit(request, newId, taskCarried, actor);
        }
        check(resource);
        if (resource instanceof Task task) {
            String focus = References.relative(task.getFocus()).filter(ref -> ref.startsWith("ServiceRequest/"))
                    .orElseThrow(() -> new RuleViolation("Task.focus", "a task works on a ServiceRequest: focus must reference one"));
            return created(referrals.openTask(focus.substring("ServiceRequest/".length()), TaskMapping.toChange(task),
                    codec.encode(task, newId), actor));
        }
        return created(resources.create(codec.encode(resource, newId)));
    }

    /**
     * A create that takes effect only if nothing matches {@code conditionalUrl} (If-None-Exist). Under concurrency,
     * the database's unique identifiers make sure that only one referral is made; the others get that one back.
     */
    public Written createIfNoneExist(Resource resource, String conditionalUrl, Actor actor) {
        Optional<Resource> existing = findSingleMatch(resource.fhirType(), conditionalUrl);
        if (existing.isPresent()) {
            return new Written(existing.get(), false);
        }
        try {
            return create(resource, null, false, actor);
        } catch (DuplicateReferral clash) {
            return findSingleMatch(resource.fhirType(), conditionalUrl).map(match -> new Written(match, false)).orElseThrow(() -> clash);
        }
    }

    /**
     * Updates (or creates, when the client chose a new id) a resource; {@code expectedVersion} from If-Match.
     *
     * @param taskCarried as for {@link #create}, when the update turns out to be a create
     */
    public Written update(String id, Resource resource, Long expectedVersion, boolean taskCarried, Actor actor) {
        if (!resources.exists(resource.fhirType(), id)) {
            if (expectedVersion != null) {
                throw new PreconditionFailedException(resource.fhirType() + "/" + id + " does not exist, so version "
                        + expectedVersion + " cannot be matched");
            }
            return create(resource, id, taskCarried, actor);
        }
        check(resource);
        StoredResource stored;
        if (resource instanceof ServiceRequest request) {
            stored = referrals.revise(ServiceRequestMapping.toDetails(request), codec.encode(request, id), expectedVersion, actor);
        } else if (resource instanceof Task task) {
            stored = referrals.changeTask(TaskMapping.toChange(task), codec.encode(task, id), expectedVersion, actor);
        } else {
            stored = resources.createOrUpdate(codec.encode(resource, id), expectedVersion);
        }
        return new Written(codec.decode(stored), false);
    }

    private Written submit(ServiceRequest request, String id, boolean taskCarried, Actor actor) {
        if (ServiceRequestMapping.identifiers(request).isEmpty()) {
            nl.hartketen.domain.shared.Identifier number = referrals.newReferralNumber();
            request.addIdentifier(new Identifier().setSystem(number.system()).setValue(number.value()));
        }
        Date now = Date.from(clock.instant());
        if (!request.hasAuthoredOn()) {
            request.setAuthoredOn(now);
        }
        check(request);
        Optional<TaskOpening> task = Optional.empty();
        if (!taskCarried) {
            Task opened = TaskMapping.newTaskFor(request, "ServiceRequest/" + id, now);
            task = Optional.of(new TaskOpening(TaskMapping.toChange(opened), codec.encode(opened, ResourceService.newId())));
        }
        ReferralService.Submission submission = referrals.submit(
                ServiceRequestMapping.toDetails(request), codec.encode(request, id), task, actor);
        return created(submission.request());
    }

    private void check(Resource resource) {
        validator.check(resource);
        if (resource instanceof Patient patient) {
            List<Identifier> identifiers = patient.getIdentifier();
            for (int i = 0; i < identifiers.size(); i++) {
                if (Bsn.SYSTEM.equals(identifiers.get(i).getSystem()) && !Bsn.isValid(identifiers.get(i).getValue())) {
                    throw new RuleViolation("Patient.identifier[" + i + "].value", Bsn.whyInvalid(identifiers.get(i).getValue()));
                }
            }
        }
    }

    private Written created(StoredResource stored) {
        return new Written(codec.decode(stored), true);
    }

    private Optional<Resource> findSingleMatch(String type, String conditionalUrl) {
        String query = conditionalUrl.contains("?") ? conditionalUrl.substring(conditionalUrl.indexOf('?') + 1) : conditionalUrl;
        Map<String, String[]> parameters = UrlUtil.parseQueryString(query);
        if (parameters.isEmpty()) {
            throw new InvalidRequestException("If-None-Exist '" + conditionalUrl + "' has no search parameters");
        }
        SearchRequest search;
        try {
            search = SearchRequest.parse(type, parameters, searchParameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("If-None-Exist: " + e.getMessage());
        }
        List<Resource> matches = reader.search(search.query(), 0, 2);
        if (matches.size() > 1) {
            throw new PreconditionFailedException("If-None-Exist '" + conditionalUrl + "' matches more than one " + type);
        }
        return matches.stream().findFirst();
    }
}
