package nl.hartketen.workflow.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.workflow.chain.NetworkDirectory;

/**
 * The network whose figures (waiting times, census: counts, no patient data) a caller asks for, once the
 * {@link AccessPolicy} lets them see it; the same for every face that shows them.
 */
@ApplicationScoped
public class NetworkFigures {

    /** The waiting-time report as the audit trail names it, whichever face shows it. */
    public static final String WAITING_TIME_REPORT = "waiting-time-report";

    /** A hospital's annual figures (docs/figures.md), likewise. */
    public static final String ANNUAL_FIGURES = "annual-figures";

    /** Digital care per hospital and month, likewise. */
    public static final String DIGITAL_CARE_FIGURES = "digital-care-figures";

    private NetworkDirectory directory;

    protected NetworkFigures() {
        // for CDI
    }

    @Inject
    public NetworkFigures(NetworkDirectory directory) {
        this.directory = directory;
    }

    /**
     * The network named ("Organization/hartnet") or, naming none (null), a coordinator's own; empty when an
     * administrator names none. {@code figures} names them in a refusal ("waiting times").
     *
     * @throws ResourceNotFound when the organization is not a network
     */
    public Optional<Network> asked(Caller caller, String named, String figures) {
        return AccessPolicy.figuresNetwork(caller, named, figures).map(this::network);
    }

    /** The network named, for a caller who may see its figures. */
    public Network of(Caller caller, String network, String figures) {
        AccessPolicy.requireSeesFiguresOf(caller, network, figures);
        return network(network);
    }

    /**
     * The network an organization stands for: itself if it is a network, else the caller's network if that has it as a
     * member, else the first network that has it; empty when it is in none. Who may see no network's figures is refused
     * first, whatever they name.
     */
    public Optional<String> holding(Caller caller, String organization, String figures) {
        AccessPolicy.requireSeesNetworkFigures(caller, figures);
        if (directory.network(organization).isPresent()) {
            return Optional.of(organization);
        }
        List<Network> networks = directory.networksOf(organization);
        return networks.stream()
                .filter(network -> network.organization().equals(caller.organization()))
                .findFirst()
                .or(() -> networks.stream().findFirst())
                .map(Network::organization);
    }

    private Network network(String reference) {
        return directory.network(reference).orElseThrow(() -> new ResourceNotFound(reference + " is not a network"));
    }
}
