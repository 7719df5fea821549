package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.mapping.TaskMapping;
import nl.hartketen.workflow.monitoring.Telemonitoring;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/** The Task of a request: where it stands, moved by the receiver and by the server as the chain moves. */
@ApplicationScoped
public class TaskType extends StoredType<Task> {

    @Inject
    private ReferralService referrals;

    @Inject
    private Organizations organizations;

    @Inject
    private Telemonitoring monitoring;

    public TaskType() {
        super(Task.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Task> search) {
        search.token("identifier", "A task identifier", t -> identifiers("identifier", t.getIdentifier()))
                .reference(
                        "focus",
                        "The request the task works on",
                        "ServiceRequest",
                        t -> references("focus", t.getFocus()))
                .reference("owner", "Who does the work", "Organization", t -> references("owner", t.getOwner()))
                .token(
                        "code",
                        "What the task is: a telemonitoring alert has its rule (monitoring-rule)",
                        t -> concepts("code", List.of(t.getCode())))
                .reference(
                        "requester",
                        "Who asked for the work",
                        "Practitioner",
                        t -> references("requester", t.getRequester()))
                .reference("subject", "Whom the task is for", "Patient", t -> references("subject", t.getFor()))
                .patientOf("subject", "The patient")
                .reference(
                        "based-on",
                        "The request the task fulfils",
                        "ServiceRequest",
                        t -> references("based-on", t.getBasedOn().toArray(new Reference[0])))
                .token(
                        "status",
                        "requested | received | accepted | rejected | in-progress | on-hold | completed …",
                        t -> code("status", t.getStatusElement()))
                .token(
                        "business-status",
                        "Our finer steps: appointment-scheduled, seen, referred-back …",
                        t -> concepts("business-status", List.of(t.getBusinessStatus())))
                .date("authored-on", "When the task was created", t -> date("authored-on", t.getAuthoredOnElement()))
                .date(
                        "due",
                        "When the work is due (restriction.period.end): a meekijkconsult's answer",
                        t -> t.getRestriction().getPeriod().hasEnd()
                                ? date("due", t.getRestriction().getPeriod().getEndElement())
                                : List.of())
                .include("focus", "focus")
                .include("owner", "owner")
                .include("subject", "for")
                .include("patient", "for");
    }

    @Override
    public Optional<String> profile() {
        return Optional.of(ProfileValidator.PROFILE_BASE + "hartketen-task");
    }

    @Override
    public Optional<String> patientOf(Task task) {
        return patientIn(task.getFor());
    }

    /** Opens the task of a stored referral (its sender only); the task has the referral's parties, and its owner receives it. */
    @Override
    public Written create(Task task, String id, boolean taskCarried, Caller caller) {
        String focus = References.relative(task.getFocus())
                .filter(ref -> ref.startsWith("ServiceRequest/"))
                .orElseThrow(() ->
                        new RuleViolation("Task.focus", "a task works on a ServiceRequest: focus must reference one"));
        String requestId = References.idOf(focus, "ServiceRequest");
        access.requireMayOpenTask(caller, requestId);
        check(task, caller);
        StoredResource stored =
                referrals.openTask(requestId, TaskMapping.toChange(task), codec.encode(task, id), caller.actor());
        access.involveAs("Task/" + id, focus);
        access.involve("Task/" + id, organizations.of(List.of(task.getOwner())), Relation.RECEIVER);
        return new Written(codec.decode(stored), true);
    }

    /** Moves the task: who may make which move is the access policy's. A telemonitoring alert is worked there. */
    @Override
    public StoredResource update(String id, Task task, Long expectedVersion, Caller caller) {
        if (monitoring.isAlert(id)) {
            check(task, caller);
            return monitoring.moveAlert(id, task, expectedVersion, caller);
        }
        Task current = (Task) codec.decode(resources.read(name(), id));
        access.requireMayMoveTask(
                caller,
                id,
                TaskMapping.toChange(current).status(),
                TaskMapping.toChange(task).status());
        check(task, caller);
        return referrals.changeTask(
                TaskMapping.toChange(task), codec.encode(task, id), expectedVersion, caller.actor());
    }
}
