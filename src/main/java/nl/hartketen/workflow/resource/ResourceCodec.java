package nl.hartketen.workflow.resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Date;
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

    protected ResourceCodec() {}

    @Inject
    public ResourceCodec(FhirContext context, SearchParameters searchParameters) {
        this.context = context;
        this.searchParameters = searchParameters;
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
        Resource resource = (Resource) parser().parseResource(stored.content());
        resource.setId(stored.type() + "/" + stored.id() + "/_history/" + stored.version());
        resource.getMeta().setVersionId(Long.toString(stored.version()));
        resource.getMeta().setLastUpdated(Date.from(stored.lastUpdated()));
        return resource;
    }

    private IParser parser() {
        return context.newJsonParser().setPrettyPrint(false);
    }
}
