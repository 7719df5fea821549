package nl.hartketen.domain.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

    @Test
    void theWorkflowFollowsClinicalOrderWorkflows() {
        assertEquals(
                EnumSet.of(
                        TaskStatus.RECEIVED,
                        TaskStatus.ACCEPTED,
                        TaskStatus.REJECTED,
                        TaskStatus.CANCELLED,
                        TaskStatus.ON_HOLD),
                TaskStatus.REQUESTED.successors());
        assertTrue(TaskStatus.RECEIVED.successors().containsAll(Set.of(TaskStatus.ACCEPTED, TaskStatus.REJECTED)));
        assertTrue(TaskStatus.ACCEPTED.successors().contains(TaskStatus.IN_PROGRESS));
        assertTrue(TaskStatus.IN_PROGRESS.successors().contains(TaskStatus.COMPLETED));
        assertFalse(
                TaskStatus.REQUESTED.successors().contains(TaskStatus.IN_PROGRESS),
                "work starts only after acceptance");
        assertFalse(
                TaskStatus.ACCEPTED.successors().contains(TaskStatus.REJECTED),
                "accepted work is not rejected afterwards");
    }

    @Test
    void finalStatusesHaveNoWayOut() {
        for (TaskStatus status : EnumSet.of(
                TaskStatus.REJECTED,
                TaskStatus.CANCELLED,
                TaskStatus.FAILED,
                TaskStatus.COMPLETED,
                TaskStatus.ENTERED_IN_ERROR)) {
            assertTrue(status.isFinal(), status.name());
        }
        for (TaskStatus status : EnumSet.of(
                TaskStatus.REQUESTED,
                TaskStatus.RECEIVED,
                TaskStatus.ACCEPTED,
                TaskStatus.IN_PROGRESS,
                TaskStatus.ON_HOLD)) {
            assertFalse(status.isFinal(), status.name());
        }
    }

    @Test
    void onlyDraftAndRequestedAreStartingPoints() {
        assertEquals(
                EnumSet.of(TaskStatus.DRAFT, TaskStatus.REQUESTED),
                EnumSet.copyOf(EnumSet.allOf(TaskStatus.class).stream()
                        .filter(TaskStatus::isInitial)
                        .toList()));
    }
}
