package nl.hartketen.domain.consult;

/**
 * Where a meekijkconsult stands, shown as its Task's business status and set by the server from what happens in the
 * conversation: the client never sets it by hand.
 */
public enum ConsultStep {
    /** The GP asked (or asked again): the cardiologist's turn. */
    AWAITING_ANSWER("awaiting-answer", "Awaiting answer"),
    /** The cardiologist needs more from the GP before answering. */
    AWAITING_GP_INFORMATION("awaiting-gp-information", "Awaiting information from the GP"),
    /** The cardiologist answered. */
    ANSWERED("answered", "Answered"),
    /** The cardiologist advises a referral the GP did not allow to be made for them: the GP's turn. */
    ADVISES_REFERRAL("advises-referral", "Advises referral"),
    /** The GP closed the consult. */
    CLOSED("closed", "Closed"),
    /** Turned into a referral. */
    CONVERTED("converted", "Converted into a referral");

    private final String code;
    private final String display;

    ConsultStep(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
