package nl.hartketen.interfaces.reports;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.hartketen.application.ResourceNotFound;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.interfaces.fhir.audit.Access;
import nl.hartketen.interfaces.fhir.audit.AuditTrail;
import nl.hartketen.interfaces.fhir.chain.NetworkDirectory;

/**
 * Who may see a network's waiting times: its coordinators and administrators. Every attempt is recorded in the audit
 * trail, refused ones too.
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
     * a coordinator's own network.
     *
     * @throws IllegalArgumentException when no network is named and the caller has none of their own
     */
    public Network network(Caller caller, String reference) {
        String network = reference != null ? reference : caller.role() == Role.COORDINATOR ? caller.organization() : null;
        if (network == null) {
            throw new IllegalArgumentException("name the network (network=hartnet, say)");
        }
        boolean allowed = caller.role() == Role.ADMIN || (caller.role() == Role.COORDINATOR && network.equals(caller.organization()));
        if (!allowed) {
            record(caller, network, Access.Outcome.MINOR_FAILURE, "403");
            throw new AccessDenied("the waiting times of " + network + " are for its coordinators and administrators");
        }
        return directory.network(network).orElseThrow(() -> new ResourceNotFound(network + " is not a network"));
    }

    /**
     * The network an organization stands for: itself if it is a network, else the caller's network if that has it as a
     * member, else the first network that has it.
     *
     * @throws IllegalArgumentException when it is in no network
     */
    public String networkHolding(Caller caller, String organization) {
        if (directory.network(organization).isPresent()) {
            return organization;
        }
        List<Network> networks = directory.networksOf(organization);
        return networks.stream().filter(network -> network.organization().equals(caller.organization())).findFirst()
                .or(() -> networks.stream().findFirst()).map(Network::organization)
                .orElseThrow(() -> new IllegalArgumentException(organization + " is not a network nor a member of one"));
    }

    public void recordRead(Caller caller, Network network) {
        record(caller, network.organization(), Access.Outcome.SUCCESS, null);
    }

    private void record(Caller caller, String network, Access.Outcome outcome, String detail) {
        audit.record(caller, new Access("read", WHAT, "R", List.of(network), Set.of(), null, outcome, detail));
    }
}
