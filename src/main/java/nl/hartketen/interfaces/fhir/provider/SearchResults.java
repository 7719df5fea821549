package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of a search, read from the database when HAPI asks for it and narrowed to what the caller may see. The next
 * link is the search itself with the key the page ended at ({@link SearchCursor}, followed through {@link SearchPages}):
 * nothing is kept between pages. All matches are counted only when the client asks ({@code _total=accurate},
 * {@code _summary=count}) or when the first page holds them all.
 */
public final class SearchResults implements IBundleProvider {

    private final ResourceReader reader;
    private final SearchRequest search;
    private final SearchQuery query;
    private final Caller caller;
    private final SearchCursor cursor;
    private final InstantType published = InstantType.withCurrentTime();
    private final String uuid = UUID.randomUUID().toString();
    private Integer size;
    private String nextPage;

    public SearchResults(ResourceReader reader, SearchRequest search, Caller caller, SearchCursor cursor) {
        this.reader = reader;
        this.search = search;
        this.caller = caller;
        this.cursor = cursor;
        cursor.requireSearchedBy(caller);
        this.query = reader.visibleTo(caller, search.query());
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    /** The page HAPI asks for on a first page ({@code toIndex - fromIndex} from _count), or the size a link names. */
    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        int count = cursor.count() != null ? cursor.count() : Math.max(1, toIndex - fromIndex);
        ResourceReader.Page page = reader.page(query, cursor.after(), count);
        if (page.next() != null) {
            nextPage = cursor.next(count, page.next()).encode();
        } else if (cursor.after() == null && size == null) {
            size = page.resources().size();
        }
        reader.attachIncludes(page.resources(), search.includes(), caller);
        return new ArrayList<>(page.resources());
    }

    /** Names this response only (the Bundle's id); paging goes by page ids. */
    @Override
    public String getUuid() {
        return uuid;
    }

    /** Non-null, so that HAPI links pages by {@link #getNextPageId()} instead of keeping this object. */
    @Override
    public String getCurrentPageId() {
        return uuid;
    }

    @Override
    public String getNextPageId() {
        return nextPage;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    /** Null (no Bundle.total) unless counted on request or known for free. */
    @Override
    public Integer size() {
        if (size == null && search.total()) {
            size = reader.count(query);
        }
        return size;
    }
}
