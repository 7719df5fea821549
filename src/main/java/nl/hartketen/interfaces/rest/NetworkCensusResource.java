package nl.hartketen.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.chain.Census;
import nl.hartketen.application.chain.NetworkCensus;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.report.NetworkFigures;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Where the patients of a network are now, per organization and care path, and the referrals left open. */
@Path("/networks/{id}/census")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkCensusResource {

    private static final int DEFAULT_LISTED = 100;
    private static final int MAX_LISTED = 1000;

    @Inject
    NetworkFigures figures;

    @Inject
    Census census;

    @Inject
    Callers callers;

    @Inject
    Clock clock;

    @Inject
    ResponseTarget responseTarget;

    @Inject
    @ConfigProperty(name = "hartketen.census.open-loop-days", defaultValue = "28")
    int defaultOpenLoopDays;

    @GET
    @Operation(
            summary =
                    "Census of a network: patients now per organization, care path and step; open loops; consults past target",
            description =
                    "{id} is the network's Organization id (e.g. hartnet). Counts only, no patient data; open loops are"
                            + " referrals with no outcome (back-referral, discharge, rejection) sent more than openLoopDays ago;"
                            + " consultsPastTarget counts meekijkconsulten not answered within their response target (3 working days)."
                            + " For the network's coordinators and administrators; every call is recorded in the audit trail.")
    @APIResponse(responseCode = "200", description = "The census")
    @APIResponse(
            responseCode = "400",
            description = "openLoopDays is not between 1 and 3650, or openLoopsListed not between 0 and 1000")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a coordinator of this network or an administrator")
    @APIResponse(responseCode = "404", description = "No such network")
    public NetworkCensus census(
            @PathParam("id") String id,
            @Parameter(description = "Days after which a referral without outcome is an open loop (default 28)")
                    @QueryParam("openLoopDays")
                    Integer openLoopDays,
            @Parameter(
                            description =
                                    "How many open loops to list, oldest first, 0 to 1000 (default 100); all are counted")
                    @QueryParam("openLoopsListed")
                    Integer openLoopsListed,
            @Context HttpServletRequest request) {
        Caller caller = callers.of(request);
        String reference = "Organization/" + id;
        ApiAudit.reading(request, caller, "network-census").of(reference);
        int days = openLoopDays == null ? defaultOpenLoopDays : openLoopDays;
        if (days < 1 || days > 3650) {
            throw new BadRequestException("openLoopDays must be between 1 and 3650, not " + days);
        }
        int listed = openLoopsListed == null ? DEFAULT_LISTED : openLoopsListed;
        if (listed < 0 || listed > MAX_LISTED) {
            throw new BadRequestException("openLoopsListed must be between 0 and " + MAX_LISTED + ", not " + listed);
        }
        Network network = figures.of(caller, reference, "census");
        Instant now = clock.instant();
        return NetworkCensus.of(network, census, now, days, listed, responseTarget.lateIfAskedBefore(now));
    }
}
