package nl.hartketen.domain.consult;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Working days in the Netherlands: Monday to Friday except the public holidays (algemeen erkende feestdagen of the
 * Algemene termijnenwet). Which holidays count is configurable: many employers work on Good Friday, and on
 * Liberation Day except in lustrum years.
 */
public final class WorkingDays {

    /** The Dutch public holidays. */
    public enum Holiday {
        NEW_YEARS_DAY,
        GOOD_FRIDAY,
        EASTER_SUNDAY,
        EASTER_MONDAY,
        KINGS_DAY,
        LIBERATION_DAY,
        ASCENSION_DAY,
        WHIT_SUNDAY,
        WHIT_MONDAY,
        CHRISTMAS_DAY,
        BOXING_DAY;

        /** The code used in configuration, e.g. "good-friday". */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Holiday fromCode(String code) {
            return valueOf(code.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean fallsOn(LocalDate date) {
            LocalDate easter = easterSunday(date.getYear());
            return switch (this) {
                case NEW_YEARS_DAY -> MonthDay.from(date).equals(MonthDay.of(1, 1));
                case GOOD_FRIDAY -> date.equals(easter.minusDays(2));
                case EASTER_SUNDAY -> date.equals(easter);
                case EASTER_MONDAY -> date.equals(easter.plusDays(1));
                case KINGS_DAY -> date.equals(kingsDay(date.getYear()));
                case LIBERATION_DAY -> MonthDay.from(date).equals(MonthDay.of(5, 5));
                case ASCENSION_DAY -> date.equals(easter.plusDays(39));
                case WHIT_SUNDAY -> date.equals(easter.plusDays(49));
                case WHIT_MONDAY -> date.equals(easter.plusDays(50));
                case CHRISTMAS_DAY -> MonthDay.from(date).equals(MonthDay.of(12, 25));
                case BOXING_DAY -> MonthDay.from(date).equals(MonthDay.of(12, 26));
            };
        }
    }

    private final Set<Holiday> holidays;

    public WorkingDays(Set<Holiday> holidays) {
        this.holidays = holidays.isEmpty() ? EnumSet.noneOf(Holiday.class) : EnumSet.copyOf(holidays);
    }

    /** All public holidays of the Algemene termijnenwet are days off. */
    public static WorkingDays netherlands() {
        return new WorkingDays(EnumSet.allOf(Holiday.class));
    }

    public boolean isWorkingDay(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY
                && date.getDayOfWeek() != DayOfWeek.SUNDAY
                && holidays.stream().noneMatch(holiday -> holiday.fallsOn(date));
    }

    /** The {@code days}-th working day after {@code start} (a question asked on Friday, 3 days: due on Wednesday). */
    public LocalDate after(LocalDate start, int days) {
        LocalDate date = start;
        for (int counted = 0; counted < days; ) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                counted++;
            }
        }
        return date;
    }

    /** The working days after {@code from} up to and including {@code to}: 0 when answered the same day. */
    public int between(LocalDate from, LocalDate to) {
        int days = 0;
        for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
            if (isWorkingDay(date)) {
                days++;
            }
        }
        return days;
    }

    /** Koningsdag is 27 April, or the 26th when the 27th is a Sunday. */
    static LocalDate kingsDay(int year) {
        LocalDate day = LocalDate.of(year, 4, 27);
        return day.getDayOfWeek() == DayOfWeek.SUNDAY ? day.minusDays(1) : day;
    }

    /** Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
