package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.hartketen.domain.shared.Actor;

/** Who is making a FHIR request. */
public final class RequestActor {

    private RequestActor() {
    }

    /** Until authentication arrives (issue 2/5: identity and access rules) nobody is identified. */
    public static Actor of(RequestDetails request) {
        return Actor.unidentified();
    }
}
