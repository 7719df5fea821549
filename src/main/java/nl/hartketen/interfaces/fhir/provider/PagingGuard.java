package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import nl.hartketen.application.access.AccessDenied;

/** The next page of a search belongs to whoever searched: a page link is not a key to someone else's results. */
@Interceptor
public class PagingGuard {

    private final IPagingProvider paging;
    private final RequestCaller callers;

    public PagingGuard(IPagingProvider paging, RequestCaller callers) {
        this.paging = paging;
        this.callers = callers;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkOwner(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation != RestOperationTypeEnum.GET_PAGE) {
            return;
        }
        String[] searchId = request.getParameters().get("_getpages");
        if (searchId == null || searchId.length == 0) {
            return;
        }
        IBundleProvider results = paging.retrieveResultList(request, searchId[0]);
        if (results instanceof OwnedResults search
                && !search.owner().equals(callers.of(request).subject())) {
            throw new AccessDenied("these search results belong to another user");
        }
    }
}
