package nl.hartketen.workflow.resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Visibility;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads resources back as HAPI resources, with their id, version and lastUpdated set from storage; only what the
 * caller may see (searches are narrowed to it, not refused). AuditEvents are read from the audit trail, which keeps
 * them apart (ADR 0011), each as its one version.
 */
@ApplicationScoped
public class ResourceReader {

    private ResourceService resources;
    private ResourceCodec codec;
    private FhirContext context;
    private AccessControl access;
    private AuditLog audit;

    protected ResourceReader() {}

    @Inject
    public ResourceReader(
            ResourceService resources, ResourceCodec codec, FhirContext context, AccessControl access, AuditLog audit) {
        this.resources = resources;
        this.codec = codec;
        this.context = context;
        this.access = access;
        this.audit = audit;
    }

    private static boolean isAudit(String type) {
        return AccessPolicy.AUDIT.equals(type);
    }

    /**
     * Up to {@code limit} stored resources of {@code type} with this identifier, as "Type/id", newest first. No access
     * check: it resolves whom a verified token names, which is what the access rules start from.
     */
    public List<String> withIdentifier(String type, String system, String value, int limit) {
        SearchQuery query = new SearchQuery(
                type,
                List.of(new SearchQuery.Criterion(
                        "identifier", List.of(new SearchQuery.TokenMatch(system, value, false)))),
                SearchQuery.Sort.LAST_UPDATED_DESCENDING);
        return resources.search(query, null, limit).stream()
                .map(StoredResource::reference)
                .toList();
    }

    public Resource read(String type, String id, Caller caller) {
        access.requireMayRead(caller, type, id);
        return codec.decode(isAudit(type) ? audit.read(id) : resources.read(type, id));
    }

    public Resource read(String type, String id, long version, Caller caller) {
        access.requireMayRead(caller, type, id);
        if (isAudit(type)) {
            if (version != 1) {
                throw new ResourceNotFound(type + "/" + id + "/_history/" + version);
            }
            return codec.decode(audit.read(id));
        }
        return codec.decode(resources.read(type, id, version));
    }

    public List<Resource> history(String type, String id, Caller caller) {
        access.requireMayRead(caller, type, id);
        if (isAudit(type)) {
            return List.of(codec.decode(audit.read(id)));
        }
        return resources.history(type, id).stream().map(codec::decode).toList();
    }

    /** The search narrowed to what the caller may see; refused only when the caller may see none of the type. */
    public SearchQuery visibleTo(Caller caller, SearchQuery query) {
        Visibility visibility = access.visibility(caller, query.type());
        if (visibility instanceof Visibility.None none) {
            throw new AccessDenied(none.reason());
        }
        return visibility instanceof Visibility.InvolvedOnly involved
                ? query.involving(involved.organization())
                : query;
    }

    public int count(SearchQuery query) {
        return isAudit(query.type()) ? audit.count(query) : resources.count(query);
    }

    /** Up to {@code limit} (at least 1) matches after {@code after} (null: the first page), in the query's order. */
    public Page page(SearchQuery query, SearchKey after, int limit) {
        // one more than the page tells whether another page follows
        List<StoredResource> found = find(query, after, limit + 1);
        List<StoredResource> page = found.subList(0, Math.min(limit, found.size()));
        return new Page(
                page.stream().map(codec::decode).toList(),
                found.size() > limit ? SearchKey.of(page.get(page.size() - 1)) : null);
    }

    /** A page of search results, and where the next page starts: after {@code next}, null when none follows. */
    public record Page(List<Resource> resources, SearchKey next) {}

    public List<Resource> search(SearchQuery query, int limit) {
        return find(query, null, limit).stream().map(codec::decode).toList();
    }

    private List<StoredResource> find(SearchQuery query, SearchKey after, int limit) {
        return isAudit(query.type()) ? audit.search(query, after, limit) : resources.search(query, after, limit);
    }

    /**
     * Attaches the resources that the given reference elements point to, so that HAPI adds them to the Bundle as
     * _include matches. Only references among the results are followed, and only to what the caller may see: an
     * include can return nothing the search could not.
     */
    public void attachIncludes(List<Resource> results, Set<String> elements, Caller caller) {
        if (elements.isEmpty() || results.isEmpty()) {
            return;
        }
        FhirTerser terser = context.newTerser();
        List<Reference> references = new ArrayList<>();
        for (Resource result : results) {
            for (String element : elements) {
                references.addAll(terser.getValues(result, result.fhirType() + "." + element, Reference.class));
            }
        }
        Set<String> targets = references.stream()
                .map(References::relative)
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        targets.retainAll(access.visibleAmong(caller, targets));
        Map<String, Resource> found = resources.readAll(targets).stream()
                .collect(Collectors.toMap(StoredResource::reference, codec::decode, (a, b) -> a));
        for (Reference reference : references) {
            References.relative(reference).map(found::get).ifPresent(reference::setResource);
        }
    }
}
