package nl.hartketen.interfaces.rest;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.data.RegionGenerator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Generates a network's activity for demonstrations and benchmarks (see docs/waiting-times.md). It makes up patients,
 * so it exists only where demo data is allowed (hartketen.demo-data or hartketen.generator.enabled): elsewhere 404.
 */
@Path("/generator")
@Produces(MediaType.APPLICATION_JSON)
public class GeneratorResource {

    private static final int MAX_JOURNEYS = 1_000_000;

    @Inject
    RegionGenerator generator;

    @Inject
    Callers callers;

    @Inject
    @ConfigProperty(name = "hartketen.demo-data", defaultValue = "false")
    boolean demoData;

    @Inject
    @ConfigProperty(name = "hartketen.generator.enabled", defaultValue = "false")
    boolean enabled;

    @Resource
    ManagedExecutorService executor;

    @POST
    @Operation(summary = "Start generating patient journeys in a network (administrators; demo and test servers only)")
    @APIResponse(responseCode = "202", description = "Started; follow it with GET /api/generator")
    @APIResponse(
            responseCode = "400",
            description = "journeys not between 1 and 1,000,000, days not between 1 and 3,650")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "404", description = "Generating is not enabled on this server")
    @APIResponse(responseCode = "409", description = "A run is still going")
    public Response start(
            @QueryParam("network") @DefaultValue("cardionovo") String network,
            @QueryParam("journeys") @DefaultValue("1000") int journeys,
            @QueryParam("days") @DefaultValue("365") int days,
            @QueryParam("seed") @DefaultValue("1") long seed,
            @Context HttpServletRequest request) {
        requireAllowed(callers.of(request));
        if (journeys < 1 || journeys > MAX_JOURNEYS || days < 1 || days > 3650) {
            throw new BadRequestException(
                    "journeys must be between 1 and " + MAX_JOURNEYS + " and days between 1 and 3650");
        }
        if (generator.progress().map(progress -> progress.finished() == null).orElse(false)) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(generator.progress().get())
                    .build();
        }
        executor.submit(() -> generator.generate("Organization/" + network, journeys, days, seed));
        return Response.accepted(Map.of(
                        "network",
                        "Organization/" + network,
                        "journeys",
                        journeys,
                        "days",
                        days,
                        "progress",
                        "/api/generator"))
                .build();
    }

    @GET
    @Operation(summary = "How far the last generator run has got")
    public RegionGenerator.Progress progress(@Context HttpServletRequest request) {
        requireAllowed(callers.of(request));
        return generator
                .progress()
                .orElseThrow(() -> new NotFoundException("no generator run since the server started"));
    }

    private void requireAllowed(Caller caller) {
        if (!demoData && !enabled) {
            throw new NotFoundException();
        }
        AccessPolicy.requireMayGenerate(caller);
    }
}
