package nl.hartketen.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.referral.ReferralEvent;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.audit.Reading;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The history of a referral: every state change with its time, the raw material of waiting times. */
@Path("/referrals/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralEventsResource {

    /** One event as the API shows it. */
    public record EventView(
            int sequence,
            String type,
            String from,
            String to,
            String reason,
            Instant occurredAt,
            String actorRole,
            String actorPractitioner,
            String actorOrganization) {

        static EventView of(ReferralEvent event) {
            return new EventView(
                    event.sequence(),
                    event.type().name(),
                    event.fromStatus(),
                    event.toStatus(),
                    event.reason(),
                    event.occurredAt(),
                    event.actor().role().name(),
                    event.actor().practitioner(),
                    event.actor().organization());
        }
    }

    @Inject
    ReferralService referrals;

    @Inject
    Callers callers;

    @Inject
    AccessControl access;

    @GET
    @Operation(
            summary = "What happened to a referral, oldest first",
            description = "{id} is the id of the referral's ServiceRequest. Needs a bearer token of an organization "
                    + "involved with the referral; every call is recorded in the audit trail.")
    @APIResponse(responseCode = "200", description = "The referral's events")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "The caller's organization is not involved with this referral")
    @APIResponse(responseCode = "404", description = "No such referral")
    public List<EventView> events(@PathParam("id") String id, @Context HttpServletRequest request) {
        Caller caller = callers.of(request);
        Reading reading = ApiAudit.reading(request, caller, "referral-events").of("ServiceRequest/" + id);
        access.requireMayRead(caller, "ServiceRequest", id);
        ReferralService.History history = referrals.history(id);
        reading.aboutPatient(history.subject());
        return history.events().stream().map(EventView::of).toList();
    }
}
