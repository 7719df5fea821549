package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/** A resource provider whose search pages a next link can name ({@link SearchPages}). */
public interface PagedSearch {

    /** The page the cursor names, searched as the caller of {@code request}. */
    IBundleProvider page(SearchCursor cursor, RequestDetails request);
}
