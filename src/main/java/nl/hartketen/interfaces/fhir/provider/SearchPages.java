package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * HAPI's paging without memory: a next link ({@code _getpages=…&_pageId=…}) carries its search as a {@link
 * SearchCursor}, and following it runs that search again, as whoever follows it, from the key where the last page
 * ended. Any node answers it, none keeps searches, and a link gives another caller only what their own search would.
 */
public final class SearchPages implements IPagingProvider {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAXIMUM_PAGE_SIZE = 500;

    private final Map<String, PagedSearch> searches = new HashMap<>();

    public SearchPages(Collection<? extends IResourceProvider> providers) {
        for (IResourceProvider provider : providers) {
            if (provider instanceof PagedSearch search) {
                searches.put(provider.getResourceType().getSimpleName(), search);
            }
        }
    }

    @Override
    public int getDefaultPageSize() {
        return DEFAULT_PAGE_SIZE;
    }

    @Override
    public int getMaximumPageSize() {
        return MAXIMUM_PAGE_SIZE;
    }

    /** A link without a page id is one of the searches kept in memory before: HAPI answers 410 Gone. */
    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String searchId) {
        return null;
    }

    @Override
    public IBundleProvider retrieveResultList(RequestDetails request, String searchId, String pageId) {
        SearchCursor cursor = SearchCursor.decode(pageId);
        PagedSearch search = searches.get(cursor.type());
        if (search == null) {
            throw new InvalidRequestException("the page link names " + cursor.type() + ", which is not searched here");
        }
        return search.page(cursor, request);
    }

    /** Nothing to store: the results name themselves, and their pages by cursor. */
    @Override
    public String storeResultList(RequestDetails request, IBundleProvider results) {
        return results.getUuid();
    }
}
