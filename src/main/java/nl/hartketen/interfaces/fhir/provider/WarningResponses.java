package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;

/**
 * Answers a write that succeeded with warnings with its OperationOutcome, as FHIR's create and update allow. A method
 * outcome with an OperationOutcome but no resource gets an empty body from HAPI, so the swap happens here, on the way out.
 */
public class WarningResponses {

    private static final String KEY = WarningResponses.class.getName();

    /** The response to {@code request} will be {@code outcome} (status and headers stay as the write set them). */
    public static void answerWith(RequestDetails request, IBaseOperationOutcome outcome) {
        request.getUserData().put(KEY, outcome);
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) {
        Object outcome = request.getUserData().get(KEY);
        if (outcome instanceof IBaseOperationOutcome operationOutcome) {
            response.setResponseResource(operationOutcome);
        }
        return true;
    }
}
