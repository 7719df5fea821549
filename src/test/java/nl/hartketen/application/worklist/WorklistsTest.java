package nl.hartketen.application.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.consult.ConsultStep;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.consult.WorkingDays;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.waiting.Wait;
import org.junit.jupiter.api.Test;

class WorklistsTest {

    private static final Instant NOW = Instant.parse("2026-03-16T10:00:00Z"); // a Monday
    private static final String HOSPITAL = "Organization/martini";
    private static final String PRACTICE = "Organization/hap-de-linde";

    /** The port as the contract says: each range in order, cut at the limit. */
    private final List<WorkItems.Listed> stored = new ArrayList<>();

    private final WorkItems items = new WorkItems() {
        @Override
        public void keep(String requestId, Optional<WorkItem> item) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Listed> performedBy(String organization, Turn turn, RequestCategory category, int limit) {
            List<Listed> found = new ArrayList<>();
            for (String priority : new String[] {"stat", "asap", "urgent", "routine", null}) {
                stored.stream()
                        .filter(l -> l.item().performer().equals(organization)
                                && l.item().turn() == turn
                                && l.item().category() == category
                                && java.util.Objects.equals(l.item().priority(), priority))
                        .sorted(java.util.Comparator.comparing(l -> l.item().authoredOn()))
                        .limit(limit)
                        .forEach(found::add);
            }
            return found;
        }

        @Override
        public List<Listed> sentBy(String organization, Turn turn, int limit) {
            return stored.stream()
                    .filter(l ->
                            organization.equals(l.item().sender()) && l.item().turn() == turn)
                    .sorted(java.util.Comparator.comparing(l -> l.item().authoredOn()))
                    .limit(limit)
                    .toList();
        }
    };

    private final Worklists worklists =
            new Worklists(items, new ResponseTarget(WorkingDays.netherlands(), 3), Clock.fixed(NOW, ZoneOffset.UTC));

    private static Caller caller(Role role, String organization) {
        return new Caller("u", "U", role, null, null, null, organization, null);
    }

    private String add(RequestCategory category, String priority, int daysAgo, TaskStatus task, String step) {
        String id = "r" + stored.size();
        Instant sent = NOW.minusSeconds(daysAgo * 86_400L);
        WorkItem item = new WorkItem(
                id,
                "t" + id,
                category,
                turnOf(category, task, step),
                PRACTICE,
                HOSPITAL,
                priority,
                sent,
                "Patient/p",
                RequestStatus.ACTIVE,
                task,
                step);
        LocalDate start = LocalDate.ofInstant(sent, nl.hartketen.domain.shared.DutchTime.ZONE);
        stored.add(new WorkItems.Listed(
                item,
                category == RequestCategory.BACK_REFERRAL
                        ? Optional.empty()
                        : Optional.of(new WorkItems.Waited(Wait.State.WAITING, start, 0, null, null))));
        return "ServiceRequest/" + id;
    }

    private static Turn turnOf(RequestCategory category, TaskStatus task, String step) {
        if (task == TaskStatus.REJECTED) {
            return Turn.SENDER;
        }
        if (category == RequestCategory.MEEKIJKCONSULT) {
            return ConsultStep.AWAITING_ANSWER.code().equals(step) ? Turn.PERFORMER : Turn.SENDER;
        }
        return task == TaskStatus.REQUESTED ? Turn.PERFORMER : Turn.IN_HAND;
    }

    private static List<String> requests(Worklist list) {
        return list.items().stream().map(Worklist.Entry::request).toList();
    }

    @Test
    void intakePutsThosePastTheNormFirstThenThePriorityThenTheWait() {
        String routineNew = add(RequestCategory.REFERRAL, "routine", 3, TaskStatus.REQUESTED, null);
        String statNew = add(RequestCategory.REFERRAL, "stat", 0, TaskStatus.REQUESTED, null);
        String pastTarget = add(RequestCategory.REFERRAL, null, 22, TaskStatus.REQUESTED, null);
        String pastMaximumRoutine = add(RequestCategory.REFERRAL, "routine", 35, TaskStatus.REQUESTED, null);
        String pastMaximumUrgent = add(RequestCategory.REFERRAL, "urgent", 29, TaskStatus.REQUESTED, null);
        String olderRoutine = add(RequestCategory.REFERRAL, "routine", 10, TaskStatus.REQUESTED, null);
        add(RequestCategory.REFERRAL, "stat", 40, TaskStatus.ACCEPTED, null);

        Worklist intake = worklists.intake(caller(Role.CARDIOLOGIST, HOSPITAL), new Worklists.Page(0, 50));

        assertEquals(
                List.of(pastMaximumUrgent, pastMaximumRoutine, pastTarget, statNew, olderRoutine, routineNew),
                requests(intake));
        assertEquals("past-maximum", intake.items().get(0).norm());
        assertEquals(29, intake.items().get(0).daysWaiting());
        Worklist secondPage = worklists.intake(caller(Role.CARDIOLOGIST, HOSPITAL), new Worklists.Page(2, 2));
        assertEquals(List.of(pastTarget, statNew), requests(secondPage));
        assertTrue(secondPage.more());
    }

    @Test
    void consultsAreDueAtTheEndOfTheThirdWorkingDay() {
        String asked = add(RequestCategory.MEEKIJKCONSULT, null, 0, TaskStatus.REQUESTED, "awaiting-answer");
        String late = add(RequestCategory.MEEKIJKCONSULT, "urgent", 7, TaskStatus.REQUESTED, "awaiting-answer");

        Worklist consults = worklists.consults(caller(Role.CARDIOLOGIST, HOSPITAL), new Worklists.Page(0, 50));

        assertEquals(List.of(late, asked), requests(consults));
        // asked Monday 16 March: due by the end of Thursday 19 March, Amsterdam time
        assertEquals(
                Instant.parse("2026-03-19T22:59:59Z"), consults.items().get(1).dueAt());
        assertEquals(Boolean.TRUE, consults.items().get(0).overdue());
        assertEquals("answer", consults.items().get(1).action());
    }

    @Test
    void theGpSeesWhatToDoFirst() {
        String waiting = add(RequestCategory.REFERRAL, null, 30, TaskStatus.REQUESTED, null);
        String inHand = add(RequestCategory.REFERRAL, null, 40, TaskStatus.ACCEPTED, null);
        String question =
                add(RequestCategory.MEEKIJKCONSULT, null, 2, TaskStatus.IN_PROGRESS, "awaiting-gp-information");
        String advice = add(RequestCategory.MEEKIJKCONSULT, null, 3, TaskStatus.IN_PROGRESS, "advises-referral");

        Worklist gp = worklists.gp(caller(Role.GP, PRACTICE), new Worklists.Page(0, 50));

        assertEquals(List.of(advice, question, inHand, waiting), requests(gp));
        assertEquals(
                List.of("refer", "send-information", "await-hospital", "await-acceptance"),
                gp.items().stream().map(Worklist.Entry::action).toList());
    }

    @Test
    void eachListIsForTheRoleThatWorksIt() {
        assertThrows(
                AccessDenied.class, () -> worklists.gp(caller(Role.CARDIOLOGIST, HOSPITAL), new Worklists.Page(0, 1)));
        assertThrows(AccessDenied.class, () -> worklists.intake(caller(Role.GP, PRACTICE), new Worklists.Page(0, 1)));
        assertThrows(
                AccessDenied.class,
                () -> worklists.consults(caller(Role.COORDINATOR, "Organization/hartnet"), new Worklists.Page(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new Worklists.Page(0, 0));
    }
}
