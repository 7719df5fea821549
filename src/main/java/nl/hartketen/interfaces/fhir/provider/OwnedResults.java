package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.api.server.IBundleProvider;

/** Search results kept for paging, which only the caller who searched may page through ({@link PagingGuard}). */
public interface OwnedResults extends IBundleProvider {

    /** The subject of the caller who searched. */
    String owner();
}
