package nl.hartketen.domain.consult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResponseTargetTest {

    private final ResponseTarget threeWorkingDays = new ResponseTarget(WorkingDays.netherlands(), 3);

    @Test
    void dueAtTheEndOfTheThirdWorkingDayInDutchTime() {
        assertEquals(
                Instant.parse("2026-11-25T22:59:59Z"),
                threeWorkingDays.due(Instant.parse("2026-11-20T09:00:00Z")),
                "Friday: Wednesday night");
        assertEquals(
                Instant.parse("2026-11-25T22:59:59Z"),
                threeWorkingDays.due(Instant.parse("2026-11-22T22:30:00Z")),
                "Sunday 23:30: also Wednesday");
        assertEquals(
                Instant.parse("2026-11-26T22:59:59Z"),
                threeWorkingDays.due(Instant.parse("2026-11-22T23:30:00Z")),
                "Monday 00:30: Thursday");
    }

    @Test
    void lateAreThoseAskedBeforeTheDayWhoseTargetEndsToday() {
        Instant thursdayMorning = Instant.parse("2026-11-26T08:00:00Z");
        Instant cutOff = threeWorkingDays.lateIfAskedBefore(thursdayMorning);
        assertEquals(Instant.parse("2026-11-22T23:00:00Z"), cutOff, "asked by Sunday: due Wednesday, late on Thursday");
        assertTrue(threeWorkingDays.due(cutOff.minusSeconds(1)).isBefore(thursdayMorning));
        assertFalse(threeWorkingDays.due(cutOff).isBefore(thursdayMorning), "asked on Monday: due tonight");
    }
}
