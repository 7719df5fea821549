package nl.hartketen.interfaces.rest;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import nl.hartketen.application.ReferralService;
import nl.hartketen.domain.referral.ReferralEvent;

/** The history of a referral: every state change with its time, the raw material of waiting times. */
@Path("/referrals/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class ReferralEventsResource {

    /** One event as the API shows it. */
    public record EventView(int sequence, String type, String from, String to, String reason, Instant occurredAt,
                            String actorRole, String actorPractitioner, String actorOrganization) {

        static EventView of(ReferralEvent event) {
            return new EventView(event.sequence(), event.type().name(), event.fromStatus(), event.toStatus(), event.reason(),
                    event.occurredAt(), event.actor().role().name(), event.actor().practitioner(), event.actor().organization());
        }
    }

    @Inject
    ReferralService referrals;

    @GET
    @Operation(summary = "What happened to a referral, oldest first",
            description = "{id} is the id of the referral's ServiceRequest.")
    @APIResponse(responseCode = "200", description = "The referral's events")
    @APIResponse(responseCode = "404", description = "No such referral")
    public List<EventView> events(@PathParam("id") String id) {
        return referrals.events(id).stream().map(EventView::of).toList();
    }
}
