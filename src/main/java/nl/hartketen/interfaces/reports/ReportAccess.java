package nl.hartketen.interfaces.reports;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.workflow.audit.Access;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.chain.NetworkDirectory;

/**
 * Who may see a network's waiting times: its coordinators and administrators ({@link AccessPolicy}). Every attempt is
 * recorded in the audit trail, refused ones too.
 */
@ApplicationScoped
public class ReportAccess {

    static final String WHAT = "waiting-time-report";

    private NetworkDirectory directory;
    private AuditTrail audit;

    protected ReportAccess() {
        // for CDI
    }

    @Inject
    public ReportAccess(NetworkDirectory directory, AuditTrail audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * The network {@code reference} ("Organization/hartnet") if the caller may see its figures; without a reference,
     * a coordinator's own network. Who may not see any network's figures is refused whatever they name.
     *
     * @param naming how the client names a network, for the refusal when an administrator names none ("network=hartnet")
     * @throws IllegalArgumentException when an administrator names no network
     */
    public Network network(Caller caller, String reference, String naming) {
        String network = reference != null ? reference : caller.role() == Role.COORDINATOR ? caller.organization() : null;
        if (network == null ? !AccessPolicy.seesNetworkFigures(caller) : !AccessPolicy.seesFiguresOf(caller, network)) {
            throw refused(caller, network);
        }
        if (network == null) {
            throw new IllegalArgumentException("name the network (" + naming + ", say)");
        }
        return directory.network(network).orElseThrow(() -> new ResourceNotFound(network + " is not a network"));
    }

    /**
     * The network an organization stands for: itself if it is a network, else the caller's network if that has it as a
     * member, else the first network that has it; empty when it is in none. Who may not see any network's figures is
     * refused first, whatever they name, as by {@link #network}.
     */
    public Optional<String> networkHolding(Caller caller, String organization) {
        if (!AccessPolicy.seesNetworkFigures(caller)) {
            throw refused(caller, organization);
        }
        if (directory.network(organization).isPresent()) {
            return Optional.of(organization);
        }
        List<Network> networks = directory.networksOf(organization);
        return networks.stream().filter(network -> network.organization().equals(caller.organization())).findFirst()
                .or(() -> networks.stream().findFirst()).map(Network::organization);
    }

    public void recordRead(Caller caller, Network network) {
        record(caller, network.organization(), Access.Outcome.SUCCESS, null);
    }

    /** A refusal, recorded; {@code asked} is the network or organization named, if any. */
    private AccessDenied refused(Caller caller, String asked) {
        record(caller, asked, Access.Outcome.MINOR_FAILURE, "403");
        return new AccessDenied(asked == null ? "waiting times are for network coordinators and administrators"
                : "the waiting times of " + asked + " are for its network's coordinators and administrators");
    }

    private void record(Caller caller, String network, Access.Outcome outcome, String detail) {
        audit.record(caller, new Access("read", WHAT, "R", network == null ? List.of() : List.of(network), Set.of(), null, outcome, detail));
    }
}
