package nl.hartketen.interfaces.reports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;

/**
 * The report's parameters as both faces take them (/api/reports/waiting-times and $evaluate-measure). A value that is
 * not one the report knows is refused, never read as a filter that matches nothing: "no rows" would read as "no waits".
 * Each refusal is an IllegalArgumentException that names the parameter and what it takes; each face answers it with
 * its own 400.
 */
public final class ReportParameters {

    /** FHIR's request priorities (ServiceRequest.priority), the values a wait's priority can have. */
    static final List<String> PRIORITIES = Arrays.stream(ServiceRequestPriority.values())
            .filter(priority -> priority != ServiceRequestPriority.NULL)
            .map(ServiceRequestPriority::toCode)
            .toList();

    // Four-digit years only: the databases' date ranges differ beyond them, and no wait is dated there.
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ORGANIZATION = Pattern.compile("(?:Organization/)?([A-Za-z0-9\\-.]{1,64})");

    private ReportParameters() {}

    /** A day, yyyy-MM-dd. */
    public static LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(parameter + " is required: a date, yyyy-MM-dd");
        }
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException noSuchDay) {
                // 2025-02-30: refused below like any other malformed date
            }
        }
        throw new IllegalArgumentException(
                parameter + " must be a date, yyyy-MM-dd (e.g. 2025-03-01), not '" + value + "'");
    }

    /** Refuses a period that ends before it starts, naming both parameters. */
    public static void requireOrdered(String firstParameter, LocalDate first, String lastParameter, LocalDate last) {
        if (first.isAfter(last)) {
            throw new IllegalArgumentException(
                    firstParameter + " (" + first + ") is after " + lastParameter + " (" + last + ")");
        }
    }

    /** {@code value}, if it is one of {@code allowed}; null when absent or blank (no filter). */
    static String oneOf(String parameter, String value, Collection<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (!allowed.contains(trimmed)) {
            throw new IllegalArgumentException(
                    parameter + " '" + trimmed + "' is not known; use one of: " + String.join(", ", allowed));
        }
        return trimmed;
    }

    /** An Organization named by its id ("hartnet") or by reference ("Organization/hartnet"), as "Organization/hartnet". */
    static String organization(String parameter, String value) {
        Matcher matcher = ORGANIZATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter
                    + " must be an Organization id (hartnet) or reference (Organization/hartnet), not '" + value + "'");
        }
        return "Organization/" + matcher.group(1);
    }

    /** Comma-separated Organization ids or references, as references; none when absent. */
    static List<String> organizations(String parameter, String commaSeparated) {
        return commaSeparated == null
                ? List.of()
                : Arrays.stream(commaSeparated.split(","))
                        .filter(value -> !value.isBlank())
                        .map(value -> organization(parameter, value))
                        .toList();
    }

    /** The network's members, or those of them asked for (Organization references). */
    public static Set<String> performers(String parameter, Network network, Collection<String> asked) {
        List<String> members = network.members().stream()
                .map(NetworkMember::organization)
                .sorted()
                .toList();
        if (asked.isEmpty()) {
            return Set.copyOf(members);
        }
        List<String> strangers = new ArrayList<>(asked);
        strangers.removeAll(members);
        if (!strangers.isEmpty()) {
            throw new IllegalArgumentException(parameter + ": " + String.join(", ", strangers) + " is not a member of "
                    + network.organization() + "; its members: "
                    + members.stream()
                            .map(member -> References.idOf(member, "Organization"))
                            .collect(Collectors.joining(", ")));
        }
        return Set.copyOf(asked);
    }
}
