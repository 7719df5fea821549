package nl.hartketen.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import nl.hartketen.application.chain.ReferralCounts;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.application.waiting.WaitStore;
import nl.hartketen.application.worklist.WorkItem;
import nl.hartketen.application.worklist.WorkItems;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.ReferralEvent;
import nl.hartketen.domain.referral.ReferralNumber;
import nl.hartketen.domain.referral.ReferralRepository;
import nl.hartketen.domain.referral.ReferralTask;
import nl.hartketen.domain.referral.TaskChange;
import nl.hartketen.domain.referral.TaskStep;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.waiting.WaitRules;

/**
 * The referral workflow: sending a request, opening and moving its task, revising it. Each use case stores the
 * domain change, the resource as the client wrote it and its events in one transaction.
 */
@ApplicationScoped
@Transactional
public class ReferralService {

    private ReferralRepository referrals;
    private ResourceStore store;
    private Clock clock;
    private WaitRules waitRules;
    private WaitStore waits;
    private ReferralCounts counts;
    private WorkItems workItems;
    private final ReferralNumber numbers = new ReferralNumber();

    protected ReferralService() {
        // for CDI
    }

    @Inject
    public ReferralService(
            ReferralRepository referrals,
            ResourceStore store,
            Clock clock,
            WaitRules waitRules,
            WaitStore waits,
            ReferralCounts counts,
            WorkItems workItems) {
        this.referrals = referrals;
        this.store = store;
        this.clock = clock;
        this.waitRules = waitRules;
        this.waits = waits;
        this.counts = counts;
        this.workItems = workItems;
    }

    /** A new referral number for a sender that gave no identifier. */
    public Identifier newReferralNumber() {
        return numbers.next();
    }

    /** The opening of a referral's task: its initial state and the Task resource that shows it. */
    public record TaskOpening(TaskChange initial, ResourceContent content) {}

    public record Submission(StoredResource request, Optional<StoredResource> task) {}

    /**
     * Sends a request. Its task is opened at once when {@code task} is given; a transaction that carries its own
     * Task opens it later with {@link #openTask}.
     *
     * @throws DuplicateReferral when one of its identifiers is in use
     */
    public Submission submit(
            ReferralDetails details, ResourceContent request, Optional<TaskOpening> task, Actor actor) {
        for (Identifier identifier : details.identifiers()) {
            Optional<Referral> existing = referrals.findByIdentifier(identifier);
            if (existing.isPresent()) {
                throw new DuplicateReferral(identifier, existing.get().id());
            }
        }
        Instant now = clock.instant();
        Referral referral = Referral.submit(
                request.id(), details, Optional.ofNullable(details.basedOn()).flatMap(referrals::find), actor, now);
        task.ifPresent(opening -> referral.openTask(opening.content().id(), opening.initial(), actor, now));
        referrals.add(referral);
        keepReadModels(referral);
        StoredResource storedRequest = store.insert(request, now);
        Optional<StoredResource> storedTask = task.map(opening -> store.insert(opening.content(), now));
        return new Submission(storedRequest, storedTask);
    }

    /** Opens the task of an existing referral (a Task created on its own or carried in a transaction). */
    public StoredResource openTask(String referralId, TaskChange initial, ResourceContent task, Actor actor) {
        Referral referral = referrals
                .findForChange(referralId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + referralId));
        Instant now = clock.instant();
        referral.openTask(task.id(), initial, actor, now);
        keepReadModels(referral);
        return store.insert(task, now);
    }

    /** Moves a referral's task. The stored Task is checked against {@code expectedVersion} first. */
    public StoredResource changeTask(TaskChange change, ResourceContent task, Long expectedVersion, Actor actor) {
        Instant now = clock.instant();
        StoredResource stored = store.update(task, expectedVersion, now);
        Referral referral =
                referrals.findByTaskForChange(task.id()).orElseThrow(() -> new ResourceNotFound("Task/" + task.id()));
        referral.changeTask(change, actor, now);
        keepReadModels(referral);
        return stored;
    }

    /**
     * The server moves a referral's task a step ({@link Referral#takeStep}) and writes the Task once, as {@code shown}
     * renders it at the status and business status reached: one version, however many statuses the step passed
     * (the events keep each). Nothing is written when the step changes nothing and {@code addsToTask} is false (it
     * is true when {@code shown} adds to the Task, e.g. an output); nothing happens to a referral without a task.
     */
    public void takeStep(
            String referralId,
            TaskStep step,
            boolean addsToTask,
            Function<ReferralTask, ResourceContent> shown,
            Actor actor) {
        Referral referral = referrals
                .findForChange(referralId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + referralId));
        if (referral.task().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (!referral.takeStep(step, actor, now) && !addsToTask) {
            return;
        }
        store.update(shown.apply(referral.task().orElseThrow()), null, now);
        keepReadModels(referral);
    }

    /** The sender revises the request (e.g. revokes it). */
    public StoredResource revise(ReferralDetails revision, ResourceContent request, Long expectedVersion, Actor actor) {
        Instant now = clock.instant();
        StoredResource stored = store.update(request, expectedVersion, now);
        Referral referral = referrals
                .findForChange(request.id())
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + request.id()));
        referral.revise(revision, actor, now);
        keepReadModels(referral);
        return stored;
    }

    /** The patient was seen for a referral at {@code start} (a fulfilled appointment). */
    public void recordVisit(String referralId, Instant start, Actor actor) {
        Referral referral = referrals
                .findForChange(referralId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + referralId));
        referral.recordVisit(start, actor, clock.instant());
        keepReadModels(referral);
    }

    /** The treatment a procedure request asked for was performed at {@code performed}. */
    public void recordTreatment(String procedureRequestId, Instant performed, Actor actor) {
        Referral request = referrals
                .findForChange(procedureRequestId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + procedureRequestId));
        request.recordTreatment(performed, actor, clock.instant());
        keepReadModels(request);
    }

    /** The hospital issued the report a telediagnostics request asked for at {@code issued}. */
    public void recordReport(String requestId, Instant issued, Actor actor) {
        Referral request = referrals
                .findForChange(requestId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + requestId));
        request.recordReport(issued, actor, clock.instant());
        keepReadModels(request);
    }

    /** The back-referral sent at {@code at} to the sender of {@code referralId} closes its loop, if it starts one. */
    public void recordLoopClosed(String referralId, Instant at, Actor actor) {
        Referral referral = referrals
                .findForChange(referralId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + referralId));
        referral.recordLoopClosed(at, actor, clock.instant());
        keepReadModels(referral);
    }

    /** The cardiologist answered the meekijkconsult at {@code at}. */
    public void recordAnswer(String consultId, Instant at, Actor actor) {
        Referral consult = referrals
                .findForChange(consultId)
                .orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + consultId));
        consult.recordAnswer(at, actor, clock.instant());
        keepReadModels(consult);
    }

    /**
     * Keeps the waits of up to {@code limit} requests stored before the reports existed.
     *
     * @return how many were kept; 0 when none is left
     */
    public int keepMissingWaits(int limit) {
        List<String> missing = waits.requestsWithoutWait(limit);
        missing.forEach(id -> referrals.find(id).ifPresent(this::keepWait));
        return missing.size();
    }

    /**
     * Keeps the counts of up to {@code limit} requests stored before the census counts existed.
     *
     * @return how many were kept; 0 when none is left
     */
    public int keepMissingCounts(int limit) {
        return counts.keepMissing(limit, clock.instant());
    }

    /** Folds the census counts changed before {@code before} ({@link ReferralCounts#fold}), in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void foldCounts(Instant before) {
        counts.fold(before);
    }

    /** The read models of the reports, the census and the worklists follow every change of a request, in its transaction. */
    private void keepReadModels(Referral referral) {
        keepWait(referral);
        counts.keep(referral, clock.instant());
        workItems.keep(referral.id(), WorkItem.of(referral));
    }

    private void keepWait(Referral referral) {
        waitRules.all(referral).forEach(waits::save);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Referral> find(String referralId) {
        return referrals.find(referralId);
    }

    /** What happened to a referral (oldest first), and whose referral it is. */
    public record History(String subject, List<ReferralEvent> events) {}

    @Transactional(Transactional.TxType.SUPPORTS)
    public History history(String referralId) {
        Referral referral =
                referrals.find(referralId).orElseThrow(() -> new ResourceNotFound("ServiceRequest/" + referralId));
        return new History(referral.subject(), referral.events());
    }
}
