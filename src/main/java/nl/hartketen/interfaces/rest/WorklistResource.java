package nl.hartketen.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.function.BiFunction;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.worklist.Worklist;
import nl.hartketen.application.worklist.Worklists;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.audit.Reading;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The worklists of the caller's own organization (docs/worklists.md): each item names its ServiceRequest, Task and
 * Patient, so a FHIR client follows up there. Every call is one audit entry naming the patients listed.
 */
@Path("/worklists")
@Produces(MediaType.APPLICATION_JSON)
public class WorklistResource {

    private static final int DEFAULT_LIMIT = 50;

    @Inject
    Worklists worklists;

    @Inject
    Callers callers;

    @GET
    @Path("/gp")
    @Operation(
            summary = "A GP practice's open referrals and meekijkconsulten, and the letters it has not read",
            description = "For GPs, of their own practice. First what the GP must do (send information asked for, read"
                    + " an answer, refer, act on a rejection, read a back-referral letter), then what the GP waits for;"
                    + " oldest first. Each item says where it stands, how long it has waited and the action.")
    @APIResponse(responseCode = "200", description = "One page of the list")
    @APIResponse(responseCode = "400", description = "limit or offset is not a whole number in its range")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a GP, or the GP's organization is not in the directory")
    public Worklist gp(
            @Parameter(description = "Items per page, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip, 0 to 1000 (default 0)") @QueryParam("offset") String offset,
            @Context HttpServletRequest request) {
        return list(request, "gp", limit, offset, worklists::gp);
    }

    @GET
    @Path("/intake")
    @Operation(
            summary = "A hospital's new referrals, not yet accepted or rejected",
            description = "For cardiologists, of their own hospital. Those past the Treeknorm's maximum (28 days to the"
                    + " first outpatient visit) first, then those past its target (21 days), then the rest; within each"
                    + " the most urgent priority (stat, asap, urgent, routine) first, then the longest wait.")
    @APIResponse(responseCode = "200", description = "One page of the list")
    @APIResponse(responseCode = "400", description = "limit or offset is not a whole number in its range")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a cardiologist, or the organization is not in the directory")
    public Worklist intake(
            @Parameter(description = "Items per page, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip, 0 to 1000 (default 0)") @QueryParam("offset") String offset,
            @Context HttpServletRequest request) {
        return list(request, "intake", limit, offset, worklists::intake);
    }

    @GET
    @Path("/consults")
    @Operation(
            summary = "A hospital's meekijkconsulten waiting for an answer, with the time each is due",
            description = "For cardiologists, of their own hospital. The earliest due first; a consult is due by the"
                    + " end of the 3rd working day after the day it was asked (Europe/Amsterdam).")
    @APIResponse(responseCode = "200", description = "One page of the list")
    @APIResponse(responseCode = "400", description = "limit or offset is not a whole number in its range")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a cardiologist, or the organization is not in the directory")
    public Worklist consults(
            @Parameter(description = "Items per page, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip, 0 to 1000 (default 0)") @QueryParam("offset") String offset,
            @Context HttpServletRequest request) {
        return list(request, "consults", limit, offset, worklists::consults);
    }

    private Worklist list(
            HttpServletRequest request,
            String list,
            String limit,
            String offset,
            BiFunction<Caller, Worklists.Page, Worklist> read) {
        Caller caller = callers.of(request);
        Reading reading = ApiAudit.reading(request, caller, "worklist-" + list).of(caller.organization());
        Worklists.Page page = new Worklists.Page(
                number("offset", offset, 0, 0, Worklists.MAX_OFFSET),
                number("limit", limit, DEFAULT_LIMIT, 1, Worklists.MAX_LIMIT));
        Worklist worklist = read.apply(caller, page);
        worklist.items().forEach(item -> reading.aboutPatient(item.patient()));
        return worklist;
    }

    private static int number(String parameter, String value, int absent, int min, int max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, as one out of range is
        }
        throw new BadRequestException(
                parameter + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
