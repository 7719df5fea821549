package nl.hartketen.interfaces.fhir.provider;

import java.util.List;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

import nl.hartketen.interfaces.fhir.RequestActor;
import nl.hartketen.interfaces.fhir.ResourceReader;
import nl.hartketen.interfaces.fhir.ResourceWriter;
import nl.hartketen.interfaces.fhir.search.SearchParameters;
import nl.hartketen.interfaces.fhir.search.SearchRequest;

/**
 * The FHIR interactions every stored type has: create (also conditional), read, vread, update (If-Match),
 * history and search. One instance serves each resource type; a type with operations of its own extends it.
 * Each method parses, calls one reader or writer method and returns: the rules live in the
 * use cases, validation in {@link ResourceWriter}, error translation in an interceptor.
 */
public class StoredResourceProvider<T extends Resource> implements IResourceProvider {

    private final Class<T> type;
    private final ResourceReader reader;
    private final ResourceWriter writer;
    private final SearchParameters searchParameters;

    public StoredResourceProvider(Class<T> type, ResourceReader reader, ResourceWriter writer, SearchParameters searchParameters) {
        this.type = type;
        this.reader = reader;
        this.writer = writer;
        this.searchParameters = searchParameters;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    private String typeName() {
        return type.getSimpleName();
    }

    @Read(version = true)
    public Resource read(@IdParam IdType id) {
        if (id.hasVersionIdPart()) {
            return reader.read(typeName(), id.getIdPart(), versionOf(id));
        }
        return reader.read(typeName(), id.getIdPart());
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource, @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        ResourceWriter.Written written = conditionalUrl == null
                ? writer.create(resource, null, false, RequestActor.of(request))
                : writer.createIfNoneExist(resource, conditionalUrl, RequestActor.of(request));
        return outcome(written);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource, RequestDetails request) {
        Long expectedVersion = id.hasVersionIdPart() ? versionOf(id) : null;
        return outcome(writer.update(id.getIdPart(), resource, expectedVersion, false, RequestActor.of(request)));
    }

    @History
    public List<Resource> history(@IdParam IdType id) {
        return reader.history(typeName(), id.getIdPart());
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        try {
            return new SearchResults(reader, SearchRequest.parse(typeName(), request.getParameters(), searchParameters));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static long versionOf(IdType id) {
        try {
            return Long.parseLong(id.getVersionIdPart());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("version '" + id.getVersionIdPart() + "' is not a number");
        }
    }

    private static MethodOutcome outcome(ResourceWriter.Written written) {
        MethodOutcome outcome = new MethodOutcome(written.resource().getIdElement(), written.created());
        outcome.setResource(written.resource());
        return outcome;
    }
}
