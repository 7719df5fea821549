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
    PROCEDURE("procedure");

    private final String code;

    RequestCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
