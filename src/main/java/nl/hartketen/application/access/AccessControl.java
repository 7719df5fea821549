package nl.hartketen.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.hartketen.domain.referral.TaskStatus;

/**
 * Applies the {@link AccessPolicy} to the stored facts of who is involved with what. Every read and write path calls
 * it (the FHIR reader and writer, the /api resources); none decides on its own.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AccessControl {

    private PartyStore parties;

    protected AccessControl() {
        // for CDI
    }

    @Inject
    public AccessControl(PartyStore parties) {
        this.parties = parties;
    }

    public Visibility visibility(Caller caller, String type) {
        return AccessPolicy.visibility(caller, type);
    }

    /** Refuses when the caller may not see the resource, in the same words whether or not it exists. */
    public void requireMayRead(Caller caller, String type, String id) {
        Visibility visibility = visibility(caller, type);
        if (visibility instanceof Visibility.None none) {
            throw new AccessDenied(none.reason());
        }
        if (visibility instanceof Visibility.InvolvedOnly involved
                && parties.relations(type + "/" + id, involved.organization()).isEmpty()) {
            throw new AccessDenied("your organization is not involved with " + type + "/" + id);
        }
    }

    /**
     * Who looked at a patient's record (the overview a patient may ask for): the organizations involved with the
     * patient may show it to them, and the administrators who answer the patient's request.
     */
    public void requireMayReadAccessLog(Caller caller, String patientId) {
        if (!(visibility(caller, AccessPolicy.AUDIT) instanceof Visibility.All)) {
            requireMayRead(caller, "Patient", patientId);
        }
    }

    /** Checking the audit trail's integrity is for those who may read all of it. */
    public void requireMayCheckAuditTrail(Caller caller) {
        if (visibility(caller, AccessPolicy.AUDIT) instanceof Visibility.None none) {
            throw new AccessDenied(none.reason());
        }
    }

    /** Those of {@code references} ("Type/id") the caller may see, e.g. the targets of an _include. */
    public Set<String> visibleAmong(Caller caller, Collection<String> references) {
        Set<String> visible = new HashSet<>();
        List<String> toCheck = new java.util.ArrayList<>();
        String organization = null;
        for (String reference : references) {
            Visibility visibility = visibility(caller, reference.substring(0, Math.max(reference.indexOf('/'), 0)));
            if (visibility instanceof Visibility.All) {
                visible.add(reference);
            } else if (visibility instanceof Visibility.InvolvedOnly involved) {
                organization = involved.organization();
                toCheck.add(reference);
            }
        }
        if (!toCheck.isEmpty()) {
            visible.addAll(parties.involvedAmong(toCheck, organization));
        }
        return visible;
    }

    /**
     * A resource written may point only at what its writer may read: whoever may read the resource follows its
     * references, and some share their target outright (a consult's attachments, a back-referral's letter). Refused in
     * the same words whether a target is hidden or does not exist.
     */
    public void requireMayReadAll(Caller caller, Collection<String> targets) {
        Set<String> visible = visibleAmong(caller, targets);
        for (String target : targets) {
            if (!visible.contains(target)) {
                Visibility visibility = visibility(caller, target.substring(0, Math.max(target.indexOf('/'), 0)));
                throw new AccessDenied(
                        visibility instanceof Visibility.None none
                                ? none.reason() + " (this resource refers to " + target + ")"
                                : "your organization is not involved with " + target
                                        + ", to which this resource refers");
            }
        }
    }

    public void requireMayCreate(Caller caller, String type) {
        AccessPolicy.requireMayWrite(caller, type);
    }

    /** A change of an existing resource: the role must allow writing the type and the caller must see the resource. */
    public void requireMayUpdate(Caller caller, String type, String id) {
        AccessPolicy.requireMayWrite(caller, type);
        requireMayRead(caller, type, id);
    }

    /**
     * A PUT. Patient data is written there only where the caller may change it: a PUT that created a patient record
     * at a client-chosen id would tell whether that id is taken (refused) or free (created), so a missing one is
     * refused as a hidden one is, and patient records are created with POST. Directory resources may be created by PUT.
     */
    public void requireMayPut(Caller caller, String type, String id) {
        if (!AccessPolicy.DIRECTORY.contains(type)) {
            requireMayUpdate(caller, type, id);
        }
    }

    /** Only the sender changes or revokes a request. */
    public void requireMayChangeRequest(Caller caller, String requestId) {
        requireMayUpdate(caller, "ServiceRequest", requestId);
        AccessPolicy.requireMayChangeRequest(relationsOf(caller, "ServiceRequest/" + requestId));
    }

    /**
     * A request is sent in the name of the caller's own organization ({@code senderOrganization}, as its requester
     * says), about a patient the caller's organization is involved with.
     */
    public void requireMaySend(Caller caller, String senderOrganization, String subject) {
        AccessPolicy.requireMayWrite(caller, "ServiceRequest");
        if (caller.isSystem()) {
            return;
        }
        if (!caller.organization().equals(senderOrganization)) {
            throw new AccessDenied("a request is sent in the name of your own organization: its requester must be you,"
                    + " your organization or your role there");
        }
        if (subject != null
                && subject.startsWith("Patient/")
                && parties.relations(subject, caller.organization()).isEmpty()) {
            throw new AccessDenied("your organization is not involved with " + subject
                    + ": create the patient first, or ask the patient's GP to refer");
        }
    }

    /** What happens for a request (its appointments) is recorded by the organization asked to act on it. */
    public void requireIsPerformer(Caller caller, String requestId) {
        requireMayRead(caller, "ServiceRequest", requestId);
        AccessPolicy.requireIsPerformer(
                relationsOf(caller, "ServiceRequest/" + requestId), "ServiceRequest/" + requestId);
    }

    /** A Task is created by the request's sender. */
    public void requireMayOpenTask(Caller caller, String requestId) {
        requireMayChangeRequest(caller, requestId);
    }

    public void requireMayMoveTask(Caller caller, String taskId, TaskStatus from, TaskStatus to) {
        requireMayUpdate(caller, "Task", taskId);
        AccessPolicy.requireMayMoveTask(relationsOf(caller, "Task/" + taskId), from, to);
    }

    /** Records how organizations are involved with a resource just written. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void involve(String reference, Collection<String> organizations, Relation relation) {
        for (String organization : organizations) {
            parties.add(reference, organization, relation);
        }
    }

    /** {@code reference} gets the same parties as {@code like} (a Task those of its request). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void involveAs(String reference, String like) {
        parties.parties(like)
                .forEach((organization, relations) ->
                        relations.forEach(relation -> parties.add(reference, organization, relation)));
    }

    /** The organizations involved with a resource in {@code relation}, e.g. the senders of a referral. */
    public Set<String> organizationsWith(String reference, Relation relation) {
        Set<String> found = new java.util.LinkedHashSet<>();
        parties.parties(reference).forEach((organization, relations) -> {
            if (relations.contains(relation)) {
                found.add(organization);
            }
        });
        return found;
    }

    private Set<Relation> relationsOf(Caller caller, String reference) {
        return caller.isSystem()
                ? Set.of(Relation.SENDER, Relation.RECEIVER)
                : parties.relations(reference, caller.organization());
    }
}
