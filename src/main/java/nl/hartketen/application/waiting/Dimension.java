package nl.hartketen.application.waiting;

import java.util.Arrays;

/** What a waiting-time report can be grouped by. */
public enum Dimension {
    ORGANIZATION("organization"),
    CARE_PATH("care-path"),
    SERVICE("service"),
    /** The month the waits ended in (yyyy-MM); the waiting list has no month. */
    MONTH("month");

    private final String code;

    Dimension(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException naming the known codes */
    public static Dimension fromCode(String code) {
        return Arrays.stream(values())
                .filter(dimension -> dimension.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "cannot group by '" + code + "'; use organization, care-path, service or month"));
    }
}
