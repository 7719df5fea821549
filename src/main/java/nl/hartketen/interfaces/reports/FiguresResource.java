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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.figures.ActivityFigures;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.domain.figures.ContactKind;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.interfaces.rest.ApiAudit;
import nl.hartketen.interfaces.security.Callers;
import nl.hartketen.workflow.audit.Reading;
import nl.hartketen.workflow.report.NetworkFigures;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The activity figures for network coordinators (docs/figures.md): a hospital's annual figures, and digital care per
 * hospital and month; JSON, or CSV for Excel. Counts, shares and times only, no patient data.
 */
@Path("/reports")
public class FiguresResource {

    private static final List<String> FORMATS = List.of("csv", "json");
    private static final List<String> GROUPINGS = List.of("organization", "none");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final String ANNUAL = "annual figures";
    private static final String DIGITAL = "digital care figures";

    @Inject
    ActivityFigures figures;

    @Inject
    NetworkFigures networks;

    @Inject
    Callers callers;

    @Inject
    Clock clock;

    @Inject
    ServiceCatalogue catalogue;

    @Inject
    FiguresSettings settings;

    @GET
    @Path("annual-figures")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "A hospital's annual figures beside the year before",
            description =
                    "For one hospital and calendar year (Europe/Amsterdam): procedures performed per kind, each with"
                            + " how many were referred on by another hospital; diagnostics per kind; contacts per kind (physical,"
                            + " telephone, video, written, telemonitoring); meekijkconsulten and telediagnostics received; and the"
                            + " access time of the configured care path (chest-pain, 2 weeks) against its own norm. Every figure"
                            + " has the year before and the change. Accept: text/csv (or format=csv) gives one table for Excel."
                            + " For the coordinators of the hospital's network and administrators; every call is in the audit trail.")
    @APIResponse(responseCode = "200", description = "The figures")
    @APIResponse(
            responseCode = "400",
            description = "No organization, an organization in no network or not a hospital of it, a year that is not"
                    + " yyyy or lies in the future, an unknown format. The problem's detail names the parameter.")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a coordinator of the hospital's network or an administrator")
    public Response annualFigures(
            @Parameter(
                            description = "The hospital: an Organization id (umcg) or reference (Organization/umcg)",
                            required = true)
                    @QueryParam("organization")
                    String organizationId,
            @Parameter(description = "The calendar year, yyyy (default this year)") @QueryParam("year")
                    String yearValue,
            @Parameter(description = "csv or json, whatever the Accept header says") @QueryParam("format")
                    String format,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request) {
        Caller caller = callers.of(request);
        Reading reading = ApiAudit.reading(request, caller, NetworkFigures.ANNUAL_FIGURES);
        if (blankToNull(organizationId) == null) {
            throw new BadRequestException("organization is required: the hospital's Organization id (umcg, say)");
        }
        String organization = parsed(() -> ReportParameters.organization("organization", organizationId));
        reading.of(organization);
        Network network = hospitalsNetwork(caller, organization, ANNUAL);
        boolean csv = wantsCsv(format, headers);
        int thisYear = DutchTime.dateOf(clock.instant()).getYear();
        int year = blankToNull(yearValue) == null ? thisYear : parsed(() -> year(yearValue, thisYear));
        ActivityFigures.AnnualFigures annual =
                figures.annual(organization, year, settings.accessCarePath(), settings.accessNormDays());
        List<Map<String, Object>> table = new ArrayList<>();
        annual.procedures().forEach(figure -> table.add(row("procedures", figure, true)));
        annual.diagnostics().forEach(figure -> table.add(row("diagnostics", figure, false)));
        annual.contacts().forEach(figure -> table.add(row("contacts", figure, false)));
        annual.requests().forEach(figure -> table.add(row("requests", figure, false)));
        if (csv) {
            List<Map<String, Object>> rows = new ArrayList<>(table);
            accessRows(annual).forEach(rows::add);
            return Response.ok(
                            WaitingTimesCsv.of(
                                    List.of(
                                            "section",
                                            "code",
                                            "display",
                                            "count",
                                            "previous",
                                            "change",
                                            "referred",
                                            "referredShare",
                                            "previousReferred"),
                                    rows),
                            CSV + "; charset=UTF-8")
                    .header(
                            "Content-Disposition",
                            "attachment; filename=\"annual-figures-" + organization.substring("Organization/".length())
                                    + "-" + year + ".csv\"")
                    .build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("organization", organization);
        body.put("organizationName", names(network).getOrDefault(organization, organization));
        body.put("network", network.organization());
        body.put("year", year);
        body.put("previousYear", year - 1);
        for (String section : List.of("procedures", "diagnostics", "contacts", "requests")) {
            body.put(
                    section,
                    table.stream()
                            .filter(row -> section.equals(row.get("section")))
                            .toList());
        }
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("carePath", annual.access().carePath());
        access.put("normDays", annual.access().normDays());
        access.put("year", accessTime(annual.access()));
        access.put("previous", accessTime(annual.previousAccess()));
        body.put("accessTime", access);
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("digital-care")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(
            summary = "Digital care per hospital and month, against the network's ambition",
            description =
                    "Per hospital (or all together, groupBy=none) and month of the period: contacts per kind, the"
                            + " share of digital contacts (all but physical) against the configured ambition"
                            + " (hartketen.figures.digital-ambition, default 0.25), meekijkconsulten and telediagnostics received, and"
                            + " the telemonitoring alerts' response times in minutes (measurement to alert, alert to acknowledgement:"
                            + " median and p90). For the network's coordinators and administrators; every call is in the audit trail.")
    @APIResponse(responseCode = "200", description = "The figures")
    @APIResponse(
            responseCode = "400",
            description = "A malformed date, from after to, a period over 3 years, an organization outside the network,"
                    + " an unknown groupBy or format. The problem's detail names the parameter.")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not a coordinator of this network or an administrator")
    @APIResponse(responseCode = "404", description = "No such network")
    public Response digitalCare(
            @Parameter(description = "The network's Organization id or reference; a coordinator's own by default")
                    @QueryParam("network")
                    String networkId,
            @Parameter(description = "Organization ids of the network's members, comma-separated: only these")
                    @QueryParam("organization")
                    String organizations,
            @Parameter(description = "First day, yyyy-MM-dd (default 1 January of to's year)") @QueryParam("from")
                    String from,
            @Parameter(description = "Last day, yyyy-MM-dd (default today)") @QueryParam("to") String to,
            @Parameter(description = "organization (default): a row per hospital and month; none: per month")
                    @QueryParam("groupBy")
                    String groupBy,
            @Parameter(description = "csv or json, whatever the Accept header says") @QueryParam("format")
                    String format,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request) {
        Caller caller = callers.of(request);
        Reading reading = ApiAudit.reading(request, caller, NetworkFigures.DIGITAL_CARE_FIGURES);
        Network network = ReportRequests.askedNetwork(networks, caller, networkId, reading, DIGITAL);
        boolean csv = wantsCsv(format, headers);
        boolean perOrganization = !"none".equals(parsed(() -> ReportParameters.oneOf("groupBy", groupBy, GROUPINGS)));
        LocalDate today = DutchTime.dateOf(clock.instant());
        LocalDate last = blankToNull(to) == null ? today : parsed(() -> ReportParameters.date("to", to));
        LocalDate first =
                blankToNull(from) == null ? last.withDayOfYear(1) : parsed(() -> ReportParameters.date("from", from));
        parsed(() -> {
            ReportParameters.requireOrdered("from", first, "to", last);
            if (first.plusYears(3).isBefore(last)) {
                throw new IllegalArgumentException(
                        "from (" + first + ") to to (" + last + ") is over 3 years; ask less");
            }
            return null;
        });
        var hospitals = parsed(() -> ReportParameters.performers(
                "organization", network, ReportParameters.organizations("organization", organizations)));
        Map<String, String> names = names(network);
        double ambition = settings.digitalAmbition();
        List<Map<String, Object>> rows = figures.digitalCare(hospitals, first, last, perOrganization).stream()
                .map(month -> month(month, names, ambition))
                .toList();
        if (csv) {
            List<String> columns =
                    new ArrayList<>(rows.isEmpty() ? List.of() : rows.get(0).keySet());
            return Response.ok(WaitingTimesCsv.of(columns, rows), CSV + "; charset=UTF-8")
                    .header(
                            "Content-Disposition",
                            "attachment; filename=\"digital-care-" + first + "-" + last + ".csv\"")
                    .build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("network", network.organization());
        body.put("from", first.toString());
        body.put("to", last.toString());
        body.put(
                "ambition",
                Map.of(
                        "digitalShare",
                        ambition,
                        "name",
                        "at least this share of contacts digital (the national ambition: 25 % fewer physical"
                                + " outpatient visits through digital care)"));
        body.put("rows", rows);
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** The network of a hospital the caller may see the figures of. */
    private Network hospitalsNetwork(Caller caller, String organization, String figuresName) {
        String network = networks.holding(caller, organization, figuresName)
                .orElseThrow(() ->
                        new BadRequestException("organization: " + organization + " is not a member of any network"));
        Network found = networks.of(caller, network, figuresName);
        parsed(() -> ReportParameters.performers("organization", found, List.of(organization)));
        return found;
    }

    private Map<String, Object> row(String section, ActivityFigures.Figure figure, boolean withReferred) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("section", section);
        out.put("code", figure.code());
        out.put("display", display(section, figure.code()));
        out.put("count", figure.count());
        out.put("previous", figure.previous());
        out.put("change", figure.change().map(ReportRequests::share).orElse(null));
        if (withReferred) {
            out.put("referred", figure.referred());
            out.put(
                    "referredShare",
                    figure.referredShare().map(ReportRequests::share).orElse(null));
            out.put("previousReferred", figure.previousReferred());
        }
        return out;
    }

    private String display(String section, String code) {
        return switch (section) {
            case "procedures", "diagnostics" ->
                catalogue.find(code).map(CareService::display).orElse(code);
            case "contacts" ->
                ContactKind.fromCode(code)
                        .map(kind -> kind.code().substring(0, 1).toUpperCase(Locale.ROOT)
                                + kind.code().substring(1))
                        .orElse(code);
            default -> code.equals("meekijkconsult") ? "Meekijkconsulten" : "Telediagnostics";
        };
    }

    private static Map<String, Object> accessTime(ActivityFigures.AccessTime access) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", access.count());
        out.put("p50", access.p50());
        out.put("p80", access.p80());
        out.put("p90", access.p90());
        out.put("withinNorm", access.withinNorm() == null ? null : share(access.withinNorm()));
        return out;
    }

    /** The access time as rows of the CSV's one table: section access-time, one row per statistic. */
    private static List<Map<String, Object>> accessRows(ActivityFigures.AnnualFigures annual) {
        Map<String, Object> now = accessTime(annual.access());
        Map<String, Object> before = accessTime(annual.previousAccess());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String statistic : now.keySet()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("section", "access-time");
            out.put("code", statistic);
            out.put(
                    "display",
                    annual.access().carePath() + ", norm " + annual.access().normDays() + " days");
            out.put("count", now.get(statistic));
            out.put("previous", before.get(statistic));
            rows.add(out);
        }
        return rows;
    }

    private static Map<String, Object> month(ActivityFigures.Month month, Map<String, String> names, double ambition) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("organization", month.organization());
        out.put("organizationName", month.organization() == null ? null : names.get(month.organization()));
        out.put("month", month.month().toString());
        month.contacts().forEach((kind, count) -> out.put(kind.code(), count));
        out.put("contacts", month.allContacts());
        out.put("digital", month.digitalContacts());
        out.put("digitalShare", month.digitalShare().map(ReportRequests::share).orElse(null));
        out.put(
                "meetsAmbition",
                month.digitalShare().map(share -> share >= ambition).orElse(null));
        out.put("meekijkconsulten", month.meekijkconsulten());
        out.put("telediagnostics", month.telediagnostics());
        out.put("alerts", month.toAlert().count());
        out.put("alertP50Minutes", month.toAlert().p50());
        out.put("alertP90Minutes", month.toAlert().p90());
        out.put("acknowledged", month.toAcknowledgement().count());
        out.put("acknowledgementP50Minutes", month.toAcknowledgement().p50());
        out.put("acknowledgementP90Minutes", month.toAcknowledgement().p90());
        return out;
    }

    private static Map<String, String> names(Network network) {
        Map<String, String> names = new LinkedHashMap<>();
        for (NetworkMember member : network.members()) {
            names.putIfAbsent(member.organization(), member.displayName());
        }
        return names;
    }

    private static boolean wantsCsv(String format, HttpHeaders headers) {
        String chosen = parsed(() ->
                ReportParameters.oneOf("format", format == null ? null : format.toLowerCase(Locale.ROOT), FORMATS));
        return chosen == null ? prefersCsv(headers) : chosen.equals("csv");
    }

    private static int year(String value, int thisYear) {
        if (!YEAR.matcher(value.trim()).matches()) {
            throw new IllegalArgumentException("year must be a calendar year, yyyy (e.g. 2025), not '" + value + "'");
        }
        int year = Integer.parseInt(value.trim());
        if (year > thisYear) {
            throw new IllegalArgumentException("year " + year + " has not begun; the latest is " + thisYear);
        }
        return year;
    }
}
