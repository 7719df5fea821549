package nl.hartketen.domain.monitoring;

/** Why telemonitoring ended; shown as the reason on the enrolment's Task and counted in the figures. */
public enum MonitoringEnd {
    /** The enrolment's period is over. */
    PERIOD_ENDED("period-ended", "the monitoring period ended"),
    /** Monitored long enough without an alert (the care path's {@link MonitoringPlan#isStable}). */
    STABLE("stable", "the values were stable"),
    /** The team completed or revoked the enrolment. */
    DECISION("decision", "the team decided to end it"),
    /** The patient was referred back along the chain, which ends what was done for that referral. */
    REFERRED_BACK("referred-back", "the patient was referred back");

    private final String code;
    private final String reason;

    MonitoringEnd(String code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
