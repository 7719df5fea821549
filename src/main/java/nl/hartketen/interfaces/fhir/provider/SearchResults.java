package nl.hartketen.interfaces.fhir.provider;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;

/**
 * A search's results, fetched a page at a time from the database when HAPI asks for that page, narrowed to what the
 * caller who searched may see. Later pages belong to that caller only ({@link #owner()}).
 */
public final class SearchResults implements OwnedResults {

    private final ResourceReader reader;
    private final SearchRequest search;
    private final SearchQuery query;
    private final Caller caller;
    private final InstantType published = InstantType.withCurrentTime();
    private Integer size;

    public SearchResults(ResourceReader reader, SearchRequest search, Caller caller) {
        this.reader = reader;
        this.search = search;
        this.caller = caller;
        this.query = reader.visibleTo(caller, search.query());
    }

    @Override
    public String owner() {
        return caller.subject();
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        List<Resource> page = reader.search(query, fromIndex, Math.max(0, toIndex - fromIndex));
        reader.attachIncludes(page, search.includes(), caller);
        return new ArrayList<>(page);
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        if (size == null) {
            size = reader.count(query);
        }
        return size;
    }
}
