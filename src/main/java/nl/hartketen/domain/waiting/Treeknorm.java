package nl.hartketen.domain.waiting;

/**
 * A Treeknorm: the nationally agreed acceptable wait. 80% of patients should wait at most {@code targetDays}, nobody
 * longer than {@code maximumDays}.
 */
public record Treeknorm(String name, int targetDays, int maximumDays) {

    /** The share of patients that should be within the target. */
    public static final double TARGET_SHARE = 0.8;

    public static final Treeknorm FIRST_VISIT = new Treeknorm("first outpatient visit", 21, 28);
    public static final Treeknorm DIAGNOSTICS = new Treeknorm("diagnostics", 21, 28);
    public static final Treeknorm DAY_TREATMENT = new Treeknorm("day or outpatient treatment", 28, 42);
    public static final Treeknorm INPATIENT_TREATMENT = new Treeknorm("inpatient treatment", 35, 49);

    public boolean withinTarget(int days) {
        return days <= targetDays;
    }

    public boolean withinMaximum(int days) {
        return days <= maximumDays;
    }
}
