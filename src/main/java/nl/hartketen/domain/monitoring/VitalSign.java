package nl.hartketen.domain.monitoring;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a monitoring platform measures at home, each with its LOINC code, the UCUM unit it must come in and the range
 * a real measurement falls in (outside it the device or the patient made a mistake, and no threshold should judge it).
 * Blood pressure arrives as the LOINC panel 85354-9 with its systolic and diastolic components.
 */
public enum VitalSign {
    BODY_WEIGHT("29463-7", "Body weight", "kg", 20, 350),
    SYSTOLIC_PRESSURE("8480-6", "Systolic blood pressure", "mm[Hg]", 50, 260),
    DIASTOLIC_PRESSURE("8462-4", "Diastolic blood pressure", "mm[Hg]", 25, 160),
    HEART_RATE("8867-4", "Heart rate", "/min", 20, 250),
    OXYGEN_SATURATION("59408-5", "Oxygen saturation by pulse oximetry", "%", 50, 100);

    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    /** Blood pressure panel: its components carry the systolic and diastolic pressures. */
    public static final String BLOOD_PRESSURE_PANEL = "85354-9";

    private final String loinc;
    private final String display;
    private final String unit;
    private final double lowest;
    private final double highest;

    VitalSign(String loinc, String display, String unit, double lowest, double highest) {
        this.loinc = loinc;
        this.display = display;
        this.unit = unit;
        this.lowest = lowest;
        this.highest = highest;
    }

    public String loinc() {
        return loinc;
    }

    public String display() {
        return display;
    }

    public String unit() {
        return unit;
    }

    public static Optional<VitalSign> forLoinc(String code) {
        return Arrays.stream(values()).filter(sign -> sign.loinc.equals(code)).findFirst();
    }

    /**
     * Refuses a value in another unit than ours or outside the plausible range.
     *
     * @param location where the value is, for the refusal
     */
    public Measurement measured(double value, String system, String unitCode, java.time.Instant at, String location) {
        if (!UCUM.equals(system) || !unit.equals(unitCode)) {
            throw new MeasurementRefused(
                    location,
                    display + " is recorded in UCUM '" + unit + "' (system " + UCUM + "), not '" + unitCode + "'"
                            + (system == null || UCUM.equals(system) ? "" : " of " + system));
        }
        if (!Double.isFinite(value) || value < lowest || value > highest) {
            throw new MeasurementRefused(
                    location,
                    display + " " + value + " " + unit + " is not plausible (" + format(lowest) + "–" + format(highest)
                            + " " + unit + "): check the device");
        }
        return new Measurement(this, value, at);
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
