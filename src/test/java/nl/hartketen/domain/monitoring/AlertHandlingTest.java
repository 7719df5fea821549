package nl.hartketen.domain.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;
import org.junit.jupiter.api.Test;

class AlertHandlingTest {

    @Test
    void theTeamAcknowledgesThenClosesWithWhatItDid() {
        assertEquals(
                AlertHandling.Step.ACKNOWLEDGED, AlertHandling.move(TaskStatus.REQUESTED, TaskStatus.ACCEPTED, null));
        assertEquals(
                AlertHandling.Step.ACKNOWLEDGED,
                AlertHandling.move(TaskStatus.REQUESTED, TaskStatus.IN_PROGRESS, null));
        assertEquals(AlertHandling.Step.NONE, AlertHandling.move(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, null));
        assertEquals(
                AlertHandling.Step.CLOSED,
                AlertHandling.move(TaskStatus.ACCEPTED, TaskStatus.COMPLETED, "medication-adjusted"));
        assertEquals(
                AlertHandling.Step.CLOSED,
                AlertHandling.move(TaskStatus.REQUESTED, TaskStatus.COMPLETED, "no-action-needed"),
                "acknowledged and closed at once");
    }

    @Test
    void aCloseWithoutWhatWasDoneOrAMoveBackIsRefused() {
        RuleViolation noAction = assertThrows(
                RuleViolation.class, () -> AlertHandling.move(TaskStatus.ACCEPTED, TaskStatus.COMPLETED, null));
        assertEquals("Task.businessStatus", noAction.location());
        assertThrows(
                RuleViolation.class, () -> AlertHandling.move(TaskStatus.ACCEPTED, TaskStatus.COMPLETED, "treated"));
        assertThrows(StateConflict.class, () -> AlertHandling.move(TaskStatus.COMPLETED, TaskStatus.ACCEPTED, null));
        assertThrows(StateConflict.class, () -> AlertHandling.move(TaskStatus.IN_PROGRESS, TaskStatus.ACCEPTED, null));
        assertThrows(StateConflict.class, () -> AlertHandling.move(TaskStatus.REQUESTED, TaskStatus.REJECTED, null));
    }
}
