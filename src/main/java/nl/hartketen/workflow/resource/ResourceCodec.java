package nl.hartketen.workflow.resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

/**
 * Between HAPI resources and what we store: the resource as the client wrote it (compact JSON, without the
 * server-owned id, versionId and lastUpdated, everything else kept — extensions, text, notes, meta.profile and
 * tags) plus its search index.
 */
@ApplicationScoped
public class ResourceCodec {

    private FhirContext context;
    private SearchParameters searchParameters;
    private Iterable<StoredElsewhere> storedElsewhere;
    private volatile Map<String, StoredElsewhere> storedElsewhereByType;

    protected ResourceCodec() {}

    @Inject
    public ResourceCodec(
            FhirContext context, SearchParameters searchParameters, @Any Instance<StoredElsewhere> storedElsewhere) {
        this(context, searchParameters, (Iterable<StoredElsewhere>) storedElsewhere);
    }

    public ResourceCodec(
            FhirContext context, SearchParameters searchParameters, Iterable<StoredElsewhere> storedElsewhere) {
        this.context = context;
        this.searchParameters = searchParameters;
        this.storedElsewhere = storedElsewhere;
    }

    public ResourceContent encode(Resource resource, String id) {
        return new ResourceContent(resource.fhirType(), id, content(resource), searchParameters.index(resource));
    }

    /** The resource as stored, without its search index (for what is searched by columns of its own). */
    public String content(Resource resource) {
        Resource copy = resource.copy();
        copy.setIdElement(null);
        if (copy.hasMeta()) {
            Meta meta = copy.getMeta();
            meta.setVersionId(null);
            meta.setLastUpdated(null);
            if (meta.isEmpty()) {
                copy.setMeta(null);
            }
        }
        return parser().encodeResourceToString(copy);
    }

    public Resource decode(StoredResource stored) {
        Resource resource = stamped((Resource) parser().parseResource(stored.content()), stored);
        StoredElsewhere rest = storedElsewhere().get(stored.type());
        if (rest != null) {
            rest.addTo(resource, stored);
        }
        return resource;
    }

    /**
     * The resource just encoded as {@code stored}, with the id, version and time it was stored under: what {@link
     * #decode} would give back for a type stored whole, without parsing it again.
     */
    public Resource stamped(Resource resource, StoredResource stored) {
        resource.setId(stored.type() + "/" + stored.id() + "/_history/" + stored.version());
        resource.getMeta().setVersionId(Long.toString(stored.version()));
        resource.getMeta().setLastUpdated(Date.from(stored.lastUpdated()));
        return resource;
    }

    /** Looked up on first use: the handlers that implement it are themselves built with this codec. */
    private Map<String, StoredElsewhere> storedElsewhere() {
        Map<String, StoredElsewhere> byType = storedElsewhereByType;
        if (byType == null) {
            Map<String, StoredElsewhere> found = new HashMap<>();
            storedElsewhere.forEach(completion -> found.put(completion.type(), completion));
            byType = Map.copyOf(found);
            storedElsewhereByType = byType;
        }
        return byType;
    }

    private IParser parser() {
        return context.newJsonParser().setPrettyPrint(false);
    }
}
