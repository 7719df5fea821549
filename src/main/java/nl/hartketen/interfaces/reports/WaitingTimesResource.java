package nl.hartketen.interfaces.reports;

import static nl.hartketen.interfaces.reports.ReportRequests.CSV;
import static nl.hartketen.interfaces.reports.ReportRequests.blankToNull;
import static nl.hartketen.interfaces.reports.ReportRequests.parsed;
import static nl.hartketen.interfaces.reports.ReportRequests.prefersCsv;
import static nl.hartketen.interfaces.reports.ReportRequests.share;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.waiting.Dimension;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitingTimeReport;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.waiting.Measure;
import nl.hartketen.domain.waiting.Treeknorm;
import nl.hartketen.domain.waiting.WaitRules;
import nl.hartketen.interfaces.rest.ApiAudit;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.audit.Reading;
import nl.hartketen.workflow.chain.CarePaths;
import nl.hartketen.workflow.report.NetworkFigures;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Waiting times for network coordinators, as JSON or as CSV for Excel (docs/waiting-times.md). Counts and days only,
 * no patient data.
 */
@Path("/reports/waiting-times")
public class WaitingTimesResource {

    private static final List<String> MEASURES =
            Arrays.stream(Measure.values()).map(Measure::code).toList();
    private static final List<String> DIMENSIONS =
            Arrays.stream(Dimension.values()).map(Dimension::code).toList();
    private static final List<String> FORMATS = List.of("csv", "json");

    @Inject
    WaitingTimeReport report;

    @Inject
    NetworkFigures networks;

    @Inject
    Callers callers;

    @Inject
    Clock clock;

    @Inject
    ServiceCatalogue catalogue;

    @Inject
    CarePaths carePaths;

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "Waiting times per hospital, care path, service or month, against the Treeknormen",
            description =
                    "Waits that ended in the period (from–to, Europe/Amsterdam dates, both included; default the last 365 days):"
                            + " count, nearest-rank p50/p80/p90, max, mean and the shares within the norm's target and maximum; and the"
                            + " waiting list today (not when grouped by month). Measures: access, diagnostics, treatment, consult-response, and loop"
                            + " (a GP's referral until the back-referral to the GP; its rows also give loopsClosed, the share of the loops started in"
                            + " the period that are closed, not when grouped by month)."
                            + " Accept: text/csv (or format=csv) gives the same as CSV for Excel: UTF-8 with BOM, ';' separated, decimal comma."
                            + " For the network's coordinators and administrators; every call is recorded in the audit trail.")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(
            responseCode = "400",
            description = "A parameter the report does not know: an unknown measure, grouping, care path,"
                    + " service, priority or format, a malformed date, from after to, an organization outside the network. The problem's"
                    + " detail names the parameter and what it takes.")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a coordinator of this network or an administrator")
    @APIResponse(responseCode = "404", description = "No such network")
    public Response waitingTimes(
            @Parameter(description = "access (default), diagnostics, treatment, consult-response or loop")
                    @QueryParam("measure")
                    String measureCode,
            @Parameter(
                            description =
                                    "The network's Organization id (hartnet) or reference (Organization/hartnet); a coordinator's own network by default")
                    @QueryParam("network")
                    String networkId,
            @Parameter(description = "Organization ids of the network's members, comma-separated: only waits at these")
                    @QueryParam("organization")
                    String organizations,
            @Parameter(description = "A care path: the id of a stored PlanDefinition, e.g. chest-pain")
                    @QueryParam("carePath")
                    String carePath,
            @Parameter(description = "A service: a code of CodeSystem cardiology-service, e.g. cabg")
                    @QueryParam("service")
                    String service,
            @Parameter(description = "routine, urgent, asap or stat") @QueryParam("priority") String priority,
            @Parameter(description = "First day of the period, yyyy-MM-dd (default 364 days before to)")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "Last day of the period, yyyy-MM-dd (default today)") @QueryParam("to") String to,
            @Parameter(description = "Up to two of organization, care-path, service, month, comma-separated")
                    @QueryParam("groupBy")
                    String groupBy,
            @Parameter(description = "csv or json, whatever the Accept header says") @QueryParam("format")
                    String format,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request) {
        Caller caller = callers.of(request);
        Reading reading = ApiAudit.reading(request, caller, NetworkFigures.WAITING_TIME_REPORT);
        Network network = ReportRequests.askedNetwork(networks, caller, networkId, reading, "waiting times");
        Measure measure = parsed(() -> Optional.ofNullable(ReportParameters.oneOf("measure", measureCode, MEASURES))
                .map(Measure::fromCode)
                .orElse(Measure.ACCESS));
        List<Dimension> dimensions = parsed(() -> groupBy == null
                ? List.<Dimension>of()
                : Arrays.stream(groupBy.split(","))
                        .map(code -> ReportParameters.oneOf("groupBy", code, DIMENSIONS))
                        .filter(Objects::nonNull)
                        .map(Dimension::fromCode)
                        .distinct()
                        .toList());
        if (dimensions.size() > 2) {
            throw new BadRequestException("groupBy takes at most two of " + String.join(", ", DIMENSIONS));
        }
        String chosenFormat = parsed(() ->
                ReportParameters.oneOf("format", format == null ? null : format.toLowerCase(Locale.ROOT), FORMATS));
        LocalDate today = DutchTime.dateOf(clock.instant());
        LocalDate last = blankToNull(to) == null ? today : parsed(() -> ReportParameters.date("to", to));
        LocalDate first =
                blankToNull(from) == null ? last.minusDays(364) : parsed(() -> ReportParameters.date("from", from));
        ReportFilter filter = parsed(() -> {
            ReportParameters.requireOrdered("from", first, "to", last);
            return new ReportFilter(
                    measure,
                    ReportParameters.performers(
                            "organization", network, ReportParameters.organizations("organization", organizations)),
                    ReportParameters.oneOf("carePath", carePath, carePaths.ids()),
                    ReportParameters.oneOf(
                            "service",
                            service,
                            catalogue.all().stream().map(CareService::code).toList()),
                    ReportParameters.oneOf("priority", priority, ReportParameters.PRIORITIES),
                    first,
                    last);
        });
        List<WaitingTimeReport.Row> rows = report.rows(filter, dimensions, today);
        Map<String, String> names = network.members().stream()
                .collect(Collectors.toMap(
                        NetworkMember::organization,
                        member -> member.name() == null ? "" : member.name(),
                        (a, b) -> a));
        List<Map<String, Object>> table =
                rows.stream().map(row -> row(row, dimensions, names, measure)).toList();
        if (chosenFormat == null ? prefersCsv(headers) : chosenFormat.equals("csv")) {
            String file = "waiting-times-" + measure.code() + "-" + first + "-" + last + ".csv";
            return Response.ok(WaitingTimesCsv.of(columns(dimensions, measure), table), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("network", network.organization());
        body.put("measure", measure.code());
        body.put(
                "norm",
                switch (measure) {
                    case TREATMENT ->
                        Map.of(
                                "name",
                                "each wait against its own norm: day or outpatient, or inpatient treatment",
                                "day",
                                norm(Treeknorm.DAY_TREATMENT),
                                "inpatient",
                                norm(Treeknorm.INPATIENT_TREATMENT));
                    case CONSULT_RESPONSE ->
                        Map.of("name", "answered within the consult response target (working days)");
                    case LOOP ->
                        Map.of("name", "no norm: the loop of a GP's referral closes with the back-referral to the GP");
                    default -> norm(WaitRules.norm(measure, false));
                });
        body.put("from", first.toString());
        body.put("to", last.toString());
        body.put("waitingListOn", today.toString());
        body.put("groupBy", dimensions.stream().map(Dimension::code).toList());
        body.put("rows", table);
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** The columns of the table: the group values, then the figures of {@link #row}. */
    private static List<String> columns(List<Dimension> dimensions, Measure measure) {
        List<String> columns = new ArrayList<>();
        for (Dimension dimension : dimensions) {
            columns.add(camel(dimension.code()));
            if (dimension == Dimension.ORGANIZATION) {
                columns.add("organizationName");
            }
        }
        columns.addAll(List.of(
                "count",
                "p50",
                "p80",
                "p90",
                "max",
                "mean",
                "withinTarget",
                "withinMaximum",
                "waitingNow",
                "longestWaitingDays"));
        if (measure == Measure.LOOP) {
            columns.add("loopsClosed");
        }
        return columns;
    }

    private static Map<String, Object> norm(Treeknorm norm) {
        return Map.of(
                "name",
                norm.name(),
                "targetDays",
                norm.targetDays(),
                "maximumDays",
                norm.maximumDays(),
                "targetShare",
                Treeknorm.TARGET_SHARE);
    }

    /** A row as the JSON and the CSV show it: its group values, then the figures (missing ones null). */
    private static Map<String, Object> row(
            WaitingTimeReport.Row row, List<Dimension> dimensions, Map<String, String> names, Measure measure) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < dimensions.size(); i++) {
            String value = row.group().get(i);
            out.put(camel(dimensions.get(i).code()), value);
            if (dimensions.get(i) == Dimension.ORGANIZATION) {
                out.put("organizationName", value == null ? null : names.getOrDefault(value, value));
            }
        }
        out.put("count", row.ended().map(s -> s.count()).orElse(0L));
        out.put("p50", row.ended().map(s -> s.p50()).orElse(null));
        out.put("p80", row.ended().map(s -> s.p80()).orElse(null));
        out.put("p90", row.ended().map(s -> s.p90()).orElse(null));
        out.put("max", row.ended().map(s -> s.max()).orElse(null));
        out.put("mean", row.ended().map(s -> Math.round(s.mean() * 10) / 10.0).orElse(null));
        boolean normed = measure != Measure.LOOP;
        out.put(
                "withinTarget",
                row.ended()
                        .filter(s -> normed)
                        .map(s -> share(s.shareWithinTarget()))
                        .orElse(null));
        out.put(
                "withinMaximum",
                row.ended()
                        .filter(s -> normed)
                        .map(s -> share(s.shareWithinMaximum()))
                        .orElse(null));
        out.put("waitingNow", row.waitingNow());
        out.put("longestWaitingDays", row.longestWaitingDays());
        if (measure == Measure.LOOP) {
            out.put(
                    "loopsClosed",
                    row.loops() == null ? null : share(row.loops().closedShare()));
        }
        return out;
    }

    private static String camel(String code) {
        return code.equals("care-path") ? "carePath" : code;
    }
}
