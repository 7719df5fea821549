package nl.hartketen.domain.consult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class WorkingDaysTest {

    private final WorkingDays netherlands = WorkingDays.netherlands();

    @Test
    void easterAndTheHolidaysThatFollowIt() {
        assertEquals(LocalDate.of(2026, 4, 5), WorkingDays.easterSunday(2026));
        assertEquals(LocalDate.of(2027, 3, 28), WorkingDays.easterSunday(2027));
        assertEquals(LocalDate.of(2024, 3, 31), WorkingDays.easterSunday(2024));
        assertFalse(netherlands.isWorkingDay(LocalDate.of(2026, 4, 3)), "Goede Vrijdag");
        assertFalse(netherlands.isWorkingDay(LocalDate.of(2026, 4, 6)), "Tweede Paasdag");
        assertFalse(netherlands.isWorkingDay(LocalDate.of(2026, 5, 14)), "Hemelvaartsdag");
        assertFalse(netherlands.isWorkingDay(LocalDate.of(2026, 5, 25)), "Tweede Pinksterdag");
    }

    @Test
    void kingsDayMovesToSaturdayWhenItFallsOnSunday() {
        assertEquals(LocalDate.of(2025, 4, 26), WorkingDays.kingsDay(2025));
        assertEquals(LocalDate.of(2026, 4, 27), WorkingDays.kingsDay(2026));
        assertFalse(netherlands.isWorkingDay(LocalDate.of(2026, 4, 27)));
    }

    @Test
    void threeWorkingDaysAfterAQuestion() {
        assertEquals(
                LocalDate.of(2026, 11, 25), netherlands.after(LocalDate.of(2026, 11, 20), 3), "Friday: due Wednesday");
        assertEquals(
                LocalDate.of(2026, 12, 29),
                netherlands.after(LocalDate.of(2026, 12, 23), 3),
                "over Christmas: 24, 28, 29");
        assertEquals(LocalDate.of(2026, 4, 9), netherlands.after(LocalDate.of(2026, 4, 2), 3), "over Easter: 7, 8, 9");
        assertEquals(
                0,
                netherlands.between(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 20)),
                "answered the same day");
        assertEquals(
                1, netherlands.between(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 23)), "Friday to Monday");
    }

    @Test
    void whichHolidaysCountIsChosen() {
        WorkingDays withoutGoodFriday =
                new WorkingDays(EnumSet.complementOf(EnumSet.of(WorkingDays.Holiday.GOOD_FRIDAY)));
        assertTrue(withoutGoodFriday.isWorkingDay(LocalDate.of(2026, 4, 3)));
        assertEquals(WorkingDays.Holiday.LIBERATION_DAY, WorkingDays.Holiday.fromCode("liberation-day"));
        assertTrue(new WorkingDays(EnumSet.noneOf(WorkingDays.Holiday.class)).isWorkingDay(LocalDate.of(2026, 12, 25)));
    }
}
