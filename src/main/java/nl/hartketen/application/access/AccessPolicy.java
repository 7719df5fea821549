package nl.hartketen.application.access;

import java.util.Optional;
import java.util.Set;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Role;

/**
 * The access rules, all of them, as plain decisions; deny by default. {@link AccessControl} applies them to stored
 * facts. Resource types are patient data unless listed here as directory or audit data, so a type added later is
 * closed until someone opens it on purpose.
 */
public final class AccessPolicy {

    /** Who is who and where: readable by every signed-in user, maintained by administrators and coordinators. */
    public static final Set<String> DIRECTORY = Set.of(
            "Organization",
            "Practitioner",
            "PractitionerRole",
            "OrganizationAffiliation",
            "HealthcareService",
            "Location",
            "PlanDefinition");

    public static final String AUDIT = "AuditEvent";

    /** Kept for the organization that made them, and seen by it alone: a subscription names no patient itself. */
    public static final Set<String> OWN = Set.of("Subscription");

    /** Home measurements: sent by monitoring platforms only, for the patients enrolled with them. */
    public static final String MEASUREMENT = "Observation";

    private AccessPolicy() {}

    public static boolean isPatientData(String type) {
        return !DIRECTORY.contains(type) && !AUDIT.equals(type) && !OWN.contains(type);
    }

    public static Visibility visibility(Caller caller, String type) {
        if (caller.isSystem() || DIRECTORY.contains(type)) {
            return new Visibility.All();
        }
        if (AUDIT.equals(type)) {
            return caller.role() == Role.ADMIN
                    ? new Visibility.All()
                    : new Visibility.None("only administrators read the audit trail");
        }
        if (OWN.contains(type)) {
            return caller.organization() != null
                    ? new Visibility.InvolvedOnly(caller.organization())
                    : new Visibility.None("your organization is not in the directory");
        }
        return switch (caller.role()) {
            case GP, CARDIOLOGIST ->
                caller.organization() != null
                        ? new Visibility.InvolvedOnly(caller.organization())
                        : new Visibility.None("your organization is not in the directory");
            case MONITORING_PLATFORM ->
                caller.organization() != null
                        ? new Visibility.InvolvedOnly(caller.organization())
                        : new Visibility.None("your organization is not in the directory");
            case COORDINATOR -> new Visibility.None("coordinators see reports and counts, not patient records");
            case ADMIN ->
                new Visibility.None("administrators manage the directory and the audit trail, not patient records");
            case SYSTEM -> new Visibility.All();
        };
    }

    /** Whether the caller's role may create or change resources of this type at all. */
    public static void requireMayWrite(Caller caller, String type) {
        if (caller.isSystem()) {
            return;
        }
        if (AUDIT.equals(type)) {
            throw new AccessDenied("the audit trail is written by the server only");
        }
        if (DIRECTORY.contains(type)) {
            if (caller.role() != Role.ADMIN && caller.role() != Role.COORDINATOR) {
                throw new AccessDenied("only administrators and coordinators maintain the directory (" + type + ")");
            }
            return;
        }
        if (caller.role() == Role.MONITORING_PLATFORM || MEASUREMENT.equals(type)) {
            if (caller.role() != Role.MONITORING_PLATFORM || !MEASUREMENT.equals(type)) {
                throw new AccessDenied("monitoring platforms send measurements (" + MEASUREMENT
                        + "), of the patients enrolled with them, and write nothing else");
            }
            if (caller.organization() == null) {
                throw new AccessDenied("your organization is not in the directory");
            }
            return;
        }
        if (caller.role() != Role.GP && caller.role() != Role.CARDIOLOGIST) {
            throw new AccessDenied(
                    OWN.contains(type)
                            ? "only GPs and cardiologists subscribe to notifications"
                            : "only GPs and cardiologists write patient records");
        }
        if (caller.organization() == null) {
            throw new AccessDenied("your organization is not in the directory");
        }
    }

    /**
     * Whether the caller's role sees the figures of any network at all (waiting times, census: counts, no patient
     * data): coordinators, of their own network, and administrators. Anyone else is refused whatever they name.
     */
    public static boolean seesNetworkFigures(Caller caller) {
        return caller.role() == Role.ADMIN || caller.role() == Role.COORDINATOR && caller.organization() != null;
    }

    /** Whether the caller sees the figures of {@code network} ("Organization/id"): its coordinators and administrators. */
    public static boolean seesFiguresOf(Caller caller, String network) {
        return caller.role() == Role.ADMIN
                || caller.role() == Role.COORDINATOR && network.equals(caller.organization());
    }

    /**
     * Refuses who may not see the figures of {@code network} ("Organization/id"); {@code figures} names them for the
     * refusal ("waiting times").
     */
    public static void requireSeesFiguresOf(Caller caller, String network, String figures) {
        if (!seesFiguresOf(caller, network)) {
            throw new AccessDenied("only the coordinators of " + network + " and administrators see its " + figures);
        }
    }

    /** Refuses who sees no network's figures at all, whatever they name. */
    public static void requireSeesNetworkFigures(Caller caller, String figures) {
        if (!seesNetworkFigures(caller)) {
            throw new AccessDenied("only network coordinators and administrators see " + figures);
        }
    }

    /**
     * The network whose figures the caller asks for by naming {@code named} ("Organization/id", null when it names
     * none): the one named, or else a coordinator's own network; empty when an administrator names none (they see
     * every network's, so must say which). Who may see no network's figures is refused whatever they name.
     */
    public static Optional<String> figuresNetwork(Caller caller, String named, String figures) {
        requireSeesNetworkFigures(caller, figures);
        String network = named != null ? named : caller.role() == Role.COORDINATOR ? caller.organization() : null;
        if (network != null) {
            requireSeesFiguresOf(caller, network, figures);
        }
        return Optional.ofNullable(network);
    }

    /**
     * A worklist shows patient data of the caller's own organization only: a GP's what the practice sent and the
     * letters it got back, a cardiologist's what the hospital was asked. Each list is for the role that works it
     * ({@code role}); coordinators and administrators see no patient data.
     *
     * @return the organization whose list the caller sees ("Organization/id")
     */
    public static String requireSeesWorklist(Caller caller, Role role, String list) {
        if (caller.role() != role) {
            throw new AccessDenied("the " + list + " worklist is for " + (role == Role.GP ? "GPs" : "cardiologists")
                    + ", of their own organization");
        }
        if (caller.organization() == null) {
            throw new AccessDenied("your organization is not in the directory");
        }
        return caller.organization();
    }

    /** Generating a network's activity (demo and test servers only) is for administrators. */
    public static void requireMayGenerate(Caller caller) {
        if (caller.role() != Role.ADMIN) {
            throw new AccessDenied("generating data is for administrators");
        }
    }

    /** Only the organization that sent a request changes or revokes it. */
    public static void requireMayChangeRequest(Set<Relation> relations) {
        if (!relations.contains(Relation.SENDER)) {
            throw new AccessDenied("only the organization that sent this request may change or revoke it");
        }
    }

    /** Only the performer's organization records what it does for a request (appointments, visits). */
    public static void requireIsPerformer(Set<Relation> relations, String request) {
        if (!relations.contains(Relation.RECEIVER)) {
            throw new AccessDenied("only the organization asked to act on " + request + " records its appointments");
        }
    }

    /**
     * Who may move a task (after ORCA, the Dutch open referral architecture): the requester's side sends a draft and
     * cancels; only the owner's side receives, accepts, rejects, starts, completes or fails it; either side puts it on
     * hold, takes it off hold, marks it entered-in-error, and may change what is not its status.
     */
    public static void requireMayMoveTask(Set<Relation> relations, TaskStatus from, TaskStatus to) {
        boolean requester = relations.contains(Relation.SENDER);
        boolean owner = relations.contains(Relation.RECEIVER);
        boolean resume = from == TaskStatus.ON_HOLD && to != TaskStatus.CANCELLED && to != TaskStatus.FAILED;
        if (from == to || to == TaskStatus.ON_HOLD || to == TaskStatus.ENTERED_IN_ERROR || resume) {
            if (requester || owner) {
                return;
            }
            throw new AccessDenied("only the requester's or the owner's organization may change this task");
        }
        if (to == TaskStatus.REQUESTED || to == TaskStatus.CANCELLED) {
            if (requester) {
                return;
            }
            throw new AccessDenied("only the requester's organization may "
                    + (to == TaskStatus.CANCELLED
                            ? "cancel this task; the owner rejects it instead"
                            : "send this task"));
        }
        if (!owner) {
            throw new AccessDenied("only the owner's organization may move this task to '" + to.code() + "'");
        }
    }
}
