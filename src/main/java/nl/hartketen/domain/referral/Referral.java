package nl.hartketen.domain.referral;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;

/**
 * A request from one link of the care chain to another (a referral, meekijkconsult, back-referral or
 * telediagnostics request): the aggregate root of the workflow.
 *
 * <p>Lifecycle: the sender submits it ({@link #submit}); the performer's work on it is its {@link ReferralTask},
 * opened with the referral or carried in the same transaction ({@link #openTask}); the performer moves the task
 * ({@link #changeTask}); the sender may revise the request's status, e.g. revoke it ({@link #revise}). Every
 * change is kept as a {@link ReferralEvent} with its time: waiting times are computed from that history.
 *
 * <p>Invariants: at least one business identifier, unique across all referrals; the patient, the category and
 * the sender never change; a referral has at most one task, owned by its performer.
 */
@Entity
@Table(name = "referral")
public class Referral {

    @Id
    private String id;

    @ElementCollection
    @CollectionTable(name = "referral_identifier", joinColumns = @JoinColumn(name = "referral_id"))
    private List<ReferralIdentifier> identifiers = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RequestCategory category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RequestStatus status;

    @Column(name = "subject_ref", nullable = false)
    private String subject;

    @Column(name = "requester_ref")
    private String requester;

    @Column(name = "performer_ref")
    private String performer;

    /** The organization that sent it, whose worklist shows it; null for requests stored before it was kept. */
    @Column(name = "sender_ref")
    private String sender;

    @Column(name = "authored_on")
    private Instant authoredOn;

    @Column(name = "first_visit_at")
    private Instant firstVisitAt;

    @Column(name = "treated_at")
    private Instant treatedAt;

    @Column(name = "first_answer_at")
    private Instant firstAnswerAt;

    @Column(name = "reported_at")
    private Instant reportedAt;

    /** The code of what is asked (ServiceRequest.code), e.g. cabg: which treatments are inpatient, the report's service. */
    @Column(name = "service_code")
    private String service;

    @Column(name = "priority")
    private String priority;

    @Column(name = "starts_chain", nullable = false)
    private boolean startsChain;

    @Column(name = "loop_closed_at")
    private Instant loopClosedAt;

    /** Kept with every change so that waiting lists and open loops are counted from this row alone. */
    @Column(name = "awaiting_outcome", nullable = false)
    private boolean awaitingOutcome;

    @OneToOne(mappedBy = "referral", cascade = CascadeType.ALL)
    private ReferralTask task;

    @OneToMany(mappedBy = "referral", cascade = CascadeType.ALL)
    @OrderBy("sequence")
    private List<ReferralEvent> events = new ArrayList<>();

    protected Referral() {
        // for JPA
    }

    /**
     * The sender sends a new request. {@code id} is the id of the ServiceRequest that carries it; {@code basedOn} is
     * the earlier request its details name ({@link ReferralDetails#basedOn}), found.
     */
    public static Referral submit(
            String id, ReferralDetails details, Optional<Referral> basedOn, Actor actor, Instant now) {
        Objects.requireNonNull(id, "id");
        if (details.identifiers().isEmpty()) {
            throw new RuleViolation("ServiceRequest.identifier", "a referral needs a business identifier");
        }
        if (details.category() == null) {
            throw new RuleViolation(
                    "ServiceRequest.category",
                    "a request needs a category: referral, meekijkconsult, back-referral, telediagnostics or procedure");
        }
        if (details.subject() == null) {
            throw new RuleViolation("ServiceRequest.subject", "a referral needs the patient it is about");
        }
        if (details.performer() == null) {
            throw new RuleViolation(
                    "ServiceRequest.performer", "a referral needs a performer: the organization asked to act");
        }
        RequestStatus status = details.status() == null ? RequestStatus.ACTIVE : details.status();
        if (status.isFinal()) {
            throw new RuleViolation("ServiceRequest.status", "a new referral cannot start as " + status.code());
        }
        Referral referral = new Referral();
        referral.id = id;
        details.identifiers().stream().distinct().map(ReferralIdentifier::new).forEach(referral.identifiers::add);
        referral.category = details.category();
        referral.status = status;
        referral.subject = details.subject();
        referral.requester = details.requester();
        referral.performer = details.performer();
        referral.sender = details.sender();
        referral.authoredOn = details.authoredOn() == null ? now : details.authoredOn();
        referral.service = details.service();
        referral.priority = details.priority();
        // A chain starts at the GP's referral: one based on no earlier request, or on the GP's own meekijkconsult that
        // turned into it. Its loop closes when the patient is referred back to the GP.
        referral.startsChain = referral.category == RequestCategory.REFERRAL
                && basedOn.map(earlier -> earlier.category() == RequestCategory.MEEKIJKCONSULT)
                        .orElse(true);
        referral.record(ReferralEventType.SUBMITTED, null, status.name(), null, actor, now);
        return referral;
    }

    /** Opens the performer's task, owned by the performer unless an owner is given (which must then be the performer). */
    public ReferralTask openTask(String taskId, TaskChange initial, Actor actor, Instant now) {
        if (task != null) {
            throw new StateConflict("referral " + id + " already has its task (Task/" + task.id() + ")");
        }
        TaskStatus status = initial.status() == null ? TaskStatus.REQUESTED : initial.status();
        if (!status.isInitial()) {
            throw new RuleViolation(
                    "Task.status", "a new task starts as requested (or draft), not as " + status.code());
        }
        String owner = initial.owner() == null ? performer : initial.owner();
        if (!owner.equals(performer)) {
            throw new RuleViolation(
                    "Task.owner", "the task's owner must be the referral's performer " + performer + ", not " + owner);
        }
        task = new ReferralTask(taskId, this, status, owner, initial.businessStatus());
        record(ReferralEventType.TASK_CREATED, null, status.name(), null, actor, now);
        awaitingOutcome = computeAwaitingOutcome();
        return task;
    }

    /** The performer (or the sender) moves the task; illegal moves are refused and nothing changes. */
    public void changeTask(TaskChange change, Actor actor, Instant now) {
        ReferralTask current = task().orElseThrow(() -> new StateConflict("referral " + id + " has no task yet"));
        if (change.owner() != null && !change.owner().equals(current.owner())) {
            throw new RuleViolation(
                    "Task.owner",
                    "a task cannot be handed to another owner (" + change.owner()
                            + "); the sender revokes this referral and sends a new one");
        }
        TaskStatus before = current.status();
        if (change.status() != null && change.status() != before) {
            current.moveTo(change.status(), change.statusReason());
            record(
                    ReferralEventType.TASK_STATUS_CHANGED,
                    before.name(),
                    change.status().name(),
                    change.statusReason(),
                    actor,
                    now);
        }
        String businessBefore = current.businessStatus();
        if (!Objects.equals(businessBefore, change.businessStatus())) {
            current.setBusinessStatus(change.businessStatus());
            record(
                    ReferralEventType.BUSINESS_STATUS_CHANGED,
                    businessBefore,
                    change.businessStatus(),
                    null,
                    actor,
                    now);
        }
        awaitingOutcome = computeAwaitingOutcome();
    }

    /**
     * The server moves the task a {@link TaskStep}: along the step's path as far as the state machine allows (each
     * move checked and kept as an event, as a client's would be), then to the step's business status.
     *
     * @return whether the task changed
     */
    public boolean takeStep(TaskStep step, Actor actor, Instant now) {
        ReferralTask current = task().orElseThrow(() -> new StateConflict("referral " + id + " has no task yet"));
        boolean changed = false;
        for (TaskStatus next : step.path()) {
            TaskStatus before = current.status();
            if (before.successors().contains(next)) {
                current.moveTo(next, current.statusReason());
                record(
                        ReferralEventType.TASK_STATUS_CHANGED,
                        before.name(),
                        next.name(),
                        current.statusReason(),
                        actor,
                        now);
                changed = true;
            }
        }
        String businessBefore = current.businessStatus();
        if (!step.code().equals(businessBefore)) {
            current.setBusinessStatus(step.code());
            record(ReferralEventType.BUSINESS_STATUS_CHANGED, businessBefore, step.code(), null, actor, now);
            changed = true;
        }
        awaitingOutcome = computeAwaitingOutcome();
        return changed;
    }

    /** The sender revises the request. Who the patient is, what kind of request it is and where it goes stay fixed. */
    public void revise(ReferralDetails revision, Actor actor, Instant now) {
        if (!revision.identifiers().containsAll(identifiers()) || !identifiers().containsAll(revision.identifiers())) {
            throw new RuleViolation(
                    "ServiceRequest.identifier", "a referral's identifiers cannot change (was " + identifiers() + ")");
        }
        if (revision.category() != category) {
            throw new RuleViolation(
                    "ServiceRequest.category", "a request's category cannot change (is " + category.code() + ")");
        }
        if (!Objects.equals(revision.subject(), subject)) {
            throw new RuleViolation(
                    "ServiceRequest.subject", "a referral cannot move to another patient (is " + subject + ")");
        }
        if (!Objects.equals(revision.performer(), performer)) {
            throw new RuleViolation(
                    "ServiceRequest.performer",
                    "a referral cannot be redirected to " + revision.performer() + "; revoke it and send a new one");
        }
        if (!Objects.equals(revision.requester(), requester)) {
            throw new RuleViolation(
                    "ServiceRequest.requester", "a referral's sender cannot change (is " + requester + ")");
        }
        RequestStatus target = revision.status() == null ? status : revision.status();
        if (target != status) {
            if (!status.canMoveTo(target)) {
                throw new StateConflict("ServiceRequest status cannot move from " + status.code() + " to "
                        + target.code() + (status.isFinal() ? ": " + status.code() + " is final" : ""));
            }
            record(ReferralEventType.REQUEST_STATUS_CHANGED, status.name(), target.name(), null, actor, now);
            status = target;
        }
        service = revision.service();
        priority = revision.priority();
        awaitingOutcome = computeAwaitingOutcome();
    }

    /**
     * The patient was seen for this referral (an appointment fulfilled), which ends the wait for access. An earlier
     * visit recorded later replaces a later one; a later visit changes nothing.
     */
    public void recordVisit(Instant start, Actor actor, Instant now) {
        Objects.requireNonNull(start, "start");
        if (firstVisitAt != null && !start.isBefore(firstVisitAt)) {
            return;
        }
        record(
                ReferralEventType.FIRST_VISIT,
                firstVisitAt == null ? null : firstVisitAt.toString(),
                start.toString(),
                null,
                actor,
                now);
        firstVisitAt = start;
    }

    /** The treatment this procedure request asked for was performed at {@code performed} (the earliest counts). */
    public void recordTreatment(Instant performed, Actor actor, Instant now) {
        Objects.requireNonNull(performed, "performed");
        if (category != RequestCategory.PROCEDURE) {
            throw new RuleViolation(
                    "Procedure.basedOn",
                    "a treatment is recorded for a procedure request, not for a " + category.code());
        }
        if (treatedAt != null && !performed.isBefore(treatedAt)) {
            return;
        }
        record(
                ReferralEventType.TREATED,
                treatedAt == null ? null : treatedAt.toString(),
                performed.toString(),
                null,
                actor,
                now);
        treatedAt = performed;
    }

    /** The cardiologist answered this meekijkconsult at {@code at}; the first answer ends its response time. */
    public void recordAnswer(Instant at, Actor actor, Instant now) {
        Objects.requireNonNull(at, "at");
        if (category != RequestCategory.MEEKIJKCONSULT) {
            throw new RuleViolation(
                    "Communication.basedOn", "answers belong to a meekijkconsult, not to a " + category.code());
        }
        if (firstAnswerAt != null && !at.isBefore(firstAnswerAt)) {
            return;
        }
        record(
                ReferralEventType.FIRST_ANSWER,
                firstAnswerAt == null ? null : firstAnswerAt.toString(),
                at.toString(),
                null,
                actor,
                now);
        firstAnswerAt = at;
    }

    /** The hospital issued the report a telediagnostics request asked for at {@code issued} (the earliest counts). */
    public void recordReport(Instant issued, Actor actor, Instant now) {
        Objects.requireNonNull(issued, "issued");
        if (category != RequestCategory.TELEDIAGNOSTICS) {
            throw new RuleViolation(
                    "DiagnosticReport.basedOn",
                    "a report is recorded for a telediagnostics request, not for a " + category.code());
        }
        if (reportedAt != null && !issued.isBefore(reportedAt)) {
            return;
        }
        record(
                ReferralEventType.REPORTED,
                reportedAt == null ? null : reportedAt.toString(),
                issued.toString(),
                null,
                actor,
                now);
        reportedAt = issued;
    }

    /**
     * A back-referral to the sender closes the loop this referral started (only a chain's first referral has one:
     * the GP's); the earliest counts.
     */
    public void recordLoopClosed(Instant at, Actor actor, Instant now) {
        Objects.requireNonNull(at, "at");
        if (!startsChain || loopClosedAt != null && !at.isBefore(loopClosedAt)) {
            return;
        }
        record(
                ReferralEventType.LOOP_CLOSED,
                loopClosedAt == null ? null : loopClosedAt.toString(),
                at.toString(),
                null,
                actor,
                now);
        loopClosedAt = at;
    }

    private boolean computeAwaitingOutcome() {
        return (status == RequestStatus.ACTIVE || status == RequestStatus.ON_HOLD)
                && task != null
                && !task.status().isFinal();
    }

    private void record(ReferralEventType type, String from, String to, String reason, Actor actor, Instant at) {
        events.add(ReferralEvent.of(this, events.size() + 1, type, from, to, reason, actor, at));
    }

    public String id() {
        return id;
    }

    public List<Identifier> identifiers() {
        return identifiers.stream().map(ReferralIdentifier::toIdentifier).toList();
    }

    public RequestCategory category() {
        return category;
    }

    public RequestStatus status() {
        return status;
    }

    public String subject() {
        return subject;
    }

    public String requester() {
        return requester;
    }

    public String performer() {
        return performer;
    }

    /** The organization that sent the request ("Organization/id"), when known. */
    public String sender() {
        return sender;
    }

    public Instant authoredOn() {
        return authoredOn;
    }

    /** When the patient was first seen for this referral, if they have been. */
    public Optional<Instant> firstVisitAt() {
        return Optional.ofNullable(firstVisitAt);
    }

    /** When a meekijkconsult was first answered, if it has been. */
    public Optional<Instant> firstAnswerAt() {
        return Optional.ofNullable(firstAnswerAt);
    }

    /** When the report a telediagnostics request asked for was issued, if it has been. */
    public Optional<Instant> reportedAt() {
        return Optional.ofNullable(reportedAt);
    }

    /** Whether this referral starts a chain (a GP's referral, based on no earlier request): it has a loop. */
    public boolean startsChain() {
        return startsChain;
    }

    /** When the back-referral that closes this referral's loop was sent, if it has been. */
    public Optional<Instant> loopClosedAt() {
        return Optional.ofNullable(loopClosedAt);
    }

    public String service() {
        return service;
    }

    /** routine, urgent, asap or stat; null when the sender gave none. */
    public String priority() {
        return priority;
    }

    /** When the treatment a procedure request asked for was performed, if it has been. */
    public Optional<Instant> treatedAt() {
        return Optional.ofNullable(treatedAt);
    }

    /**
     * Whether the performer still owes this request an outcome: the request is active or on hold and its task is
     * not completed, rejected, cancelled, failed or entered in error. Such a referral not yet seen is on the
     * waiting list; one sent long ago is an open loop.
     */
    public boolean awaitsOutcome() {
        return awaitingOutcome;
    }

    public Optional<ReferralTask> task() {
        return Optional.ofNullable(task);
    }

    public List<ReferralEvent> events() {
        return List.copyOf(events);
    }
}
