package nl.hartketen.workflow.write;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.consult.Conversation;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.workflow.audit.Access;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SearchRequest;
import nl.hartketen.workflow.types.ServiceRequestType;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.types.Written;
import org.hl7.fhir.r4.model.Resource;

/**
 * Every write of a resource, from a REST interaction or a transaction entry, goes through here: allowed by the
 * access rules, handed to its type's handler ({@link StoredTypes}), which checks it and stores it with what follows
 * from it, and recorded in the audit trail. All of it in one transaction: no change without its audit entry.
 */
@ApplicationScoped
@Transactional
public class ResourceWriter {

    private ResourceService resources;
    private ResourceCodec codec;
    private StoredTypes types;
    private SearchParameters searchParameters;
    private ResourceReader reader;
    private AccessControl access;
    private AuditTrail audit;
    private Consults consults;
    private ServiceRequestType serviceRequests;

    protected ResourceWriter() {}

    @Inject
    public ResourceWriter(
            ResourceService resources,
            ResourceCodec codec,
            StoredTypes types,
            SearchParameters searchParameters,
            ResourceReader reader,
            AccessControl access,
            AuditTrail audit,
            Consults consults,
            ServiceRequestType serviceRequests) {
        this.resources = resources;
        this.codec = codec;
        this.types = types;
        this.searchParameters = searchParameters;
        this.reader = reader;
        this.access = access;
        this.audit = audit;
        this.consults = consults;
        this.serviceRequests = serviceRequests;
    }

    /**
     * Creates a resource with a new id, or with {@code id} when the caller assigned one (transactions, update-as-create).
     *
     * @param taskCarried for a ServiceRequest: its Task comes in the same transaction, so none is made here
     */
    public Written create(Resource resource, String id, boolean taskCarried, Caller caller) {
        access.requireMayCreate(caller, resource.fhirType());
        Written written =
                types.of(resource).create(resource, id != null ? id : ResourceService.newId(), taskCarried, caller);
        recordWrite("create", written, caller);
        return written;
    }

    /**
     * The cardiologist turns a meekijkconsult into a referral. When the GP did not allow that, nothing is written but
     * the consult now advises the GP to refer (in a transaction of its own), and the refusal goes to the caller.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Written convertToReferral(String consultId, Caller caller) {
        try {
            return self().convertedConsult(consultId, caller);
        } catch (Conversation.ConversionNotAllowed refused) {
            consults.adviseReferral(consultId, caller);
            throw refused;
        }
    }

    /** The conversion itself, in one transaction; see {@link ServiceRequestType#convertConsult}. */
    public Written convertedConsult(String consultId, Caller caller) {
        Written written = serviceRequests.convertConsult(consultId, caller);
        recordWrite("create", written, caller);
        return written;
    }

    /**
     * A create that takes effect only if nothing matches {@code conditionalUrl} (If-None-Exist). Under concurrency,
     * the database's unique identifiers make sure that only one referral (or patient with a BSN, organization with a
     * URA number) is made; the others get that one back. A caller who may not see the one that holds the identifier
     * gets the refusal, which names nothing of it.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Written createIfNoneExist(Resource resource, String conditionalUrl, Caller caller) {
        Optional<Resource> existing = findSingleMatch(resource.fhirType(), conditionalUrl, caller);
        if (existing.isPresent()) {
            return matched(existing.get(), caller);
        }
        try {
            return self().create(resource, null, false, caller);
        } catch (DuplicateReferral | DuplicateIdentifier clash) {
            return findSingleMatch(resource.fhirType(), conditionalUrl, caller)
                    .map(match -> matched(match, caller))
                    .orElseThrow(() -> clash);
        }
    }

    /** Nothing was written, but the caller is shown the match: that access is recorded too. */
    public Written matched(Resource match, Caller caller) {
        Written written = new Written(match, false);
        audit.record(
                caller,
                Access.matched(written.reference(), types.patientOf(match).orElse(null)));
        return written;
    }

    /**
     * Updates (or creates, when the client chose a new id) a resource; {@code expectedVersion} from If-Match.
     *
     * @param taskCarried as for {@link #create}, when the update turns out to be a create
     */
    public Written update(String id, Resource resource, Long expectedVersion, boolean taskCarried, Caller caller) {
        String type = resource.fhirType();
        access.requireMayPut(caller, type, id);
        if (!resources.exists(type, id)) {
            if (expectedVersion != null) {
                throw new PreconditionFailedException(
                        type + "/" + id + " does not exist, so version " + expectedVersion + " cannot be matched");
            }
            return create(resource, id, taskCarried, caller);
        }
        StoredResource stored = types.of(resource).update(id, resource, expectedVersion, caller);
        Written written = new Written(codec.decode(stored), false);
        recordWrite("update", written, caller);
        return written;
    }

    private void recordWrite(String interaction, Written written, Caller caller) {
        audit.record(
                caller,
                Access.write(
                        interaction,
                        written.reference(),
                        types.patientOf(written.resource()).orElse(null)));
    }

    /** This bean through its CDI proxy, so that a call from a method without a transaction starts one. */
    private ResourceWriter self() {
        return CDI.current().select(ResourceWriter.class).get();
    }

    /**
     * What a conditional create's URL (If-None-Exist) finds among what the caller may see: nothing or one resource.
     *
     * @throws PreconditionFailedException when it finds more than one
     */
    public Optional<Resource> findSingleMatch(String type, String conditionalUrl, Caller caller) {
        String query = conditionalUrl.contains("?")
                ? conditionalUrl.substring(conditionalUrl.indexOf('?') + 1)
                : conditionalUrl;
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
        List<Resource> matches = reader.search(reader.visibleTo(caller, search.query()), 2);
        if (matches.size() > 1) {
            throw new PreconditionFailedException(
                    "If-None-Exist '" + conditionalUrl + "' matches more than one " + type);
        }
        return matches.stream().findFirst();
    }
}
