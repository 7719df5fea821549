package nl.hartketen.interfaces.reports;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Supplier;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.workflow.audit.Reading;
import nl.hartketen.workflow.report.NetworkFigures;

/** What the report resources share about a request: its parameters' 400s and whether it asks for CSV. */
final class ReportRequests {

    static final String CSV = "text/csv";

    private ReportRequests() {}

    /** Whether the first type the client accepts is CSV (not a wildcard). */
    static boolean prefersCsv(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream()
                .findFirst()
                .map(type -> type.isCompatible(MediaType.valueOf(CSV)) && !type.isWildcardType())
                .orElse(false);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The parsed value; a parameter the report does not take (IllegalArgumentException) becomes a 400 with its message. */
    static <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException invalid) {
            throw new BadRequestException(invalid.getMessage());
        }
    }

    /**
     * The network a report is asked for: the one named by {@code networkId} ("hartnet" or a reference), else the
     * caller's own; each is said for the request's audit entry as it becomes known.
     *
     * @param figures the report's name for refusals ("waiting times")
     */
    static Network askedNetwork(
            NetworkFigures networks, Caller caller, String networkId, Reading reading, String figures) {
        String named = blankToNull(networkId) == null
                ? null
                : parsed(() -> ReportParameters.organization("network", networkId));
        reading.of(named);
        Network network = networks.asked(caller, named, figures)
                .orElseThrow(() -> new BadRequestException("name the network (network=hartnet, say)"));
        reading.of(network.organization());
        return network;
    }

    /** A share rounded to three decimals, as the reports give them. */
    static double share(double share) {
        return Math.round(share * 1000) / 1000.0;
    }
}
