package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SearchRequest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR interactions that read: read, vread, history and search, each as the caller may see it. One instance
 * serves each resource type; {@link StoredResourceProvider} adds the writes, and a type with operations of its own
 * extends one of the two. Each method parses, calls one reader method and returns: the rules live in the use cases
 * and the access control, error translation in an interceptor.
 */
public class ReadableResourceProvider<T extends Resource> implements IResourceProvider, PagedSearch {

    private final Class<T> type;
    protected final ResourceReader reader;
    protected final SearchParameters searchParameters;
    protected final RequestCaller callers;

    public ReadableResourceProvider(
            Class<T> type, ResourceReader reader, SearchParameters searchParameters, RequestCaller callers) {
        this.type = type;
        this.reader = reader;
        this.searchParameters = searchParameters;
        this.callers = callers;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    protected String typeName() {
        return type.getSimpleName();
    }

    @Read(version = true)
    public Resource read(@IdParam IdType id, RequestDetails request) {
        if (id.hasVersionIdPart()) {
            return reader.read(typeName(), id.getIdPart(), ClientInput.version(id), callers.of(request));
        }
        return reader.read(typeName(), id.getIdPart(), callers.of(request));
    }

    @History
    public List<Resource> history(@IdParam IdType id, RequestDetails request) {
        return reader.history(typeName(), id.getIdPart(), callers.of(request));
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        return page(SearchCursor.first(typeName(), callers.of(request), request.getParameters()), request);
    }

    @Override
    public IBundleProvider page(SearchCursor cursor, RequestDetails request) {
        return new SearchResults(
                reader,
                ClientInput.parsed(() -> SearchRequest.parse(typeName(), cursor.parameters(), searchParameters)),
                callers.of(request),
                cursor);
    }
}
