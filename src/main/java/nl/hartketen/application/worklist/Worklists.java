package nl.hartketen.application.worklist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.DutchTime;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.waiting.Treeknorm;
import nl.hartketen.domain.waiting.Wait;

/**
 * The three worklists (docs/worklists.md), each of the caller's own organization: a GP's requests and letters, a
 * hospital's intake, and its consults waiting for an answer. Each reads a few index ranges of {@link WorkItems},
 * each stopped after the page asked for, and orders what they return.
 */
@ApplicationScoped
public class Worklists {

    public static final int MAX_LIMIT = 200;
    public static final int MAX_OFFSET = 1000;

    private static final Comparator<Worklist.Entry> OLDEST_FIRST =
            Comparator.comparing(Worklist.Entry::sentAt).thenComparing(Worklist.Entry::request);

    private WorkItems items;
    private ResponseTarget responseTarget;
    private Clock clock;

    protected Worklists() {
        // for CDI
    }

    @Inject
    public Worklists(WorkItems items, ResponseTarget responseTarget, Clock clock) {
        this.items = items;
        this.responseTarget = responseTarget;
        this.clock = clock;
    }

    /** Which page: {@code limit} items from {@code offset}, both within bounds ({@link #MAX_LIMIT}, {@link #MAX_OFFSET}). */
    public record Page(int offset, int limit) {
        public Page {
            if (offset < 0 || offset > MAX_OFFSET || limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("offset " + offset + " or limit " + limit + " out of bounds");
            }
        }

        int reach() {
            return offset + limit + 1;
        }
    }

    /**
     * A GP practice's open requests (referrals, meekijkconsulten, telediagnostics) and the back-referral letters it
     * has not read: first what the GP must do, then what the GP waits for, oldest first.
     */
    public Worklist gp(Caller caller, Page page) {
        String organization = AccessPolicy.requireSeesWorklist(caller, Role.GP, "gp");
        Instant now = clock.instant();
        List<Worklist.Entry> entries = new ArrayList<>();
        Function<WorkItems.Listed, Worklist.Entry> sent =
                listed -> entry(listed, WorkAction.ofSender(listed.item()), now);
        items.sentBy(organization, Turn.SENDER, page.reach()).stream().map(sent).forEach(entries::add);
        items.performedBy(organization, Turn.PERFORMER, RequestCategory.BACK_REFERRAL, page.reach()).stream()
                .map(listed -> entry(listed, WorkAction.ofPerformer(listed.item()), now))
                .forEach(entries::add);
        items.sentBy(organization, Turn.PERFORMER, page.reach()).stream()
                .map(sent)
                .forEach(entries::add);
        items.sentBy(organization, Turn.IN_HAND, page.reach()).stream()
                .map(sent)
                .forEach(entries::add);
        entries.sort(
                Comparator.comparing((Worklist.Entry e) -> !e.needsAction()).thenComparing(OLDEST_FIRST));
        return page("gp", organization, now, page, entries);
    }

    /**
     * A hospital's new referrals not yet accepted or rejected: those past the Treeknorm's maximum first, then those
     * past its target, then the rest; within each the most urgent priority first, then the longest wait.
     */
    public Worklist intake(Caller caller, Page page) {
        String organization = AccessPolicy.requireSeesWorklist(caller, Role.CARDIOLOGIST, "intake");
        Instant now = clock.instant();
        List<Worklist.Entry> entries = new ArrayList<>(
                items.performedBy(organization, Turn.PERFORMER, RequestCategory.REFERRAL, page.reach()).stream()
                        .map(listed -> entry(listed, WorkAction.ofPerformer(listed.item()), now))
                        .toList());
        entries.sort(Comparator.comparingInt((Worklist.Entry e) -> -normSeverity(e.norm()))
                .thenComparingInt(e -> priorityRank(e.priority()))
                .thenComparing(
                        Comparator.comparingInt(Worklist.Entry::daysWaiting).reversed())
                .thenComparing(OLDEST_FIRST));
        return page("intake", organization, now, page, entries);
    }

    /** A hospital's meekijkconsulten waiting for an answer, the earliest due first. */
    public Worklist consults(Caller caller, Page page) {
        String organization = AccessPolicy.requireSeesWorklist(caller, Role.CARDIOLOGIST, "consults");
        Instant now = clock.instant();
        List<Worklist.Entry> entries = new ArrayList<>(
                items.performedBy(organization, Turn.PERFORMER, RequestCategory.MEEKIJKCONSULT, page.reach()).stream()
                        .map(listed -> entry(listed, WorkAction.ofPerformer(listed.item()), now))
                        .toList());
        entries.sort(Comparator.comparing(Worklist.Entry::dueAt)
                .thenComparingInt(e -> priorityRank(e.priority()))
                .thenComparing(OLDEST_FIRST));
        return page("consults", organization, now, page, entries);
    }

    private static Worklist page(String list, String organization, Instant now, Page page, List<Worklist.Entry> all) {
        int end = Math.min(all.size(), page.offset() + page.limit());
        List<Worklist.Entry> shown = page.offset() >= all.size() ? List.of() : all.subList(page.offset(), end);
        return new Worklist(list, organization, now, page.offset(), page.limit(), all.size() > end, List.copyOf(shown));
    }

    private Worklist.Entry entry(WorkItems.Listed listed, WorkAction action, Instant now) {
        WorkItem item = listed.item();
        LocalDate today = DutchTime.dateOf(now);
        WorkItems.Waited wait = listed.waited().orElse(null);
        int days = DutchTime.daysBetween(DutchTime.dateOf(item.authoredOn()), today);
        boolean ended = false;
        if (wait != null && wait.state() == Wait.State.WAITING) {
            days = Wait.daysSoFar(wait.start(), wait.pausedDays(), wait.pausedSince(), today);
        } else if (wait != null && wait.state() == Wait.State.ENDED && wait.waitDays() != null) {
            days = wait.waitDays();
            ended = true;
        }
        Treeknorm norm =
                item.category() == RequestCategory.REFERRAL && wait != null && wait.state() == Wait.State.WAITING
                        ? Treeknorm.FIRST_VISIT
                        : null;
        String normState = norm == null
                ? null
                : !norm.withinMaximum(days) ? "past-maximum" : !norm.withinTarget(days) ? "past-target" : "within";
        Instant due = item.category() == RequestCategory.MEEKIJKCONSULT && item.turn() == Turn.PERFORMER
                ? responseTarget.due(item.authoredOn())
                : null;
        return new Worklist.Entry(
                "ServiceRequest/" + item.requestId(),
                "Task/" + item.taskId(),
                item.subject(),
                item.category().code(),
                item.requestStatus().code(),
                item.taskStatus().code(),
                item.businessStatus(),
                item.priority(),
                item.sender(),
                item.performer(),
                item.authoredOn(),
                days,
                ended,
                norm,
                normState,
                due,
                due == null ? null : now.isAfter(due),
                action.code(),
                action.text(),
                action.needsAction());
    }

    private static int normSeverity(String norm) {
        return norm == null
                ? 0
                : switch (norm) {
                    case "past-maximum" -> 2;
                    case "past-target" -> 1;
                    default -> 0;
                };
    }

    /** FHIR's request priorities, most urgent first; none given counts as routine. */
    static int priorityRank(String priority) {
        return priority == null
                ? 3
                : switch (priority) {
                    case "stat" -> 0;
                    case "asap" -> 1;
                    case "urgent" -> 2;
                    default -> 3;
                };
    }
}
