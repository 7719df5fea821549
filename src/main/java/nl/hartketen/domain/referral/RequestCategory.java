package nl.hartketen.domain.referral;

/** What a request asks of its performer. The codes are those of our CodeSystem request-category. */
public enum RequestCategory {
    /** Hand the patient over for assessment or treatment. */
    REFERRAL("referral"),
    /** Meekijkconsult (anderhalvelijnszorg, eConsult): the GP asks advice and stays the main practitioner. */
    MEEKIJKCONSULT("meekijkconsult"),
    /** Terugverwijzing: the patient goes back to the regional cardiologist or the GP. */
    BACK_REFERRAL("back-referral"),
    /** A GP asks a hospital for a test (echo, holter, CT) and stays responsible for the patient. */
    TELEDIAGNOSTICS("telediagnostics"),
    /** The decision to treat (PCI, CABG, TAVI…), based on a referral the hospital received. */
    PROCEDURE("procedure"),
    /**
     * Enrolment in telemonitoring (thuismonitoring), based on the referral the team's hospital received: a platform
     * sends the patient's home measurements and the team answers its alerts.
     */
    TELEMONITORING("telemonitoring");

    private final String code;

    RequestCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /**
     * Whether the request records what the hospital a referral went to does for that patient (treats, monitors),
     * based on that referral: it joins the referral's episode but does not move the patient.
     */
    public boolean actsOnReferral() {
        return this == PROCEDURE || this == TELEMONITORING;
    }
}
