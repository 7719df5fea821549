package nl.hartketen.domain.consult;

import java.util.Set;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;

/**
 * The rules of a meekijkconsult's conversation. Two sides talk: the GP practice that asked (the consult's requester)
 * and the hospital that was asked (its performer). Each message goes from one side to the other; what it is moves
 * the consult to its next {@link ConsultStep}.
 */
public final class Conversation {

    /** What a message is, from our CodeSystem consult-message; without one, a GP asks and a cardiologist answers. */
    public enum MessageKind {
        QUESTION("question"),
        ANSWER("answer"),
        INFORMATION_REQUEST("information-request"),
        INFORMATION("information");

        private final String code;

        MessageKind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static MessageKind fromCode(String code) {
            for (MessageKind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new RuleViolation(
                    "Communication.category",
                    "unknown kind of consult message '" + code
                            + "': question, answer, information-request or information");
        }
    }

    private Conversation() {}

    /**
     * Checks who sends a message to whom and returns the step the consult moves to.
     *
     * @param asking    the organizations on the asking side (the GP practice)
     * @param asked     the organizations on the asked side (the hospital)
     * @param sender    the sending organization (the caller's)
     * @param recipient the organization the message is addressed to
     * @param kind      what the message says it is, or null
     * @param open      whether the consult is still open (its Task has no outcome yet)
     */
    public static ConsultStep message(
            Set<String> asking, Set<String> asked, String sender, String recipient, MessageKind kind, boolean open) {
        if (!open) {
            throw new StateConflict("the consult is closed: ask a new one");
        }
        boolean fromGp = asking.contains(sender);
        if (!fromGp && !asked.contains(sender)) {
            throw new RuleViolation(
                    "Communication.sender",
                    "only the GP practice that asked and the hospital that was asked take part in a consult");
        }
        Set<String> otherSide = fromGp ? asked : asking;
        if (recipient == null || !otherSide.contains(recipient)) {
            throw new RuleViolation(
                    "Communication.recipient",
                    "a consult message goes to the other side: " + String.join(", ", otherSide));
        }
        MessageKind said = kind != null ? kind : fromGp ? MessageKind.QUESTION : MessageKind.ANSWER;
        boolean gpKind = said == MessageKind.QUESTION || said == MessageKind.INFORMATION;
        if (gpKind != fromGp) {
            throw new RuleViolation(
                    "Communication.category",
                    (fromGp ? "the GP" : "the cardiologist") + " cannot send a message of kind " + said.code());
        }
        return switch (said) {
            case QUESTION, INFORMATION -> ConsultStep.AWAITING_ANSWER;
            case INFORMATION_REQUEST -> ConsultStep.AWAITING_GP_INFORMATION;
            case ANSWER -> ConsultStep.ANSWERED;
        };
    }

    /**
     * The asked side turns the consult into a referral. Only when the GP allowed it when asking; otherwise the
     * refusal says so, and the consult advises the GP to refer ({@link ConsultStep#ADVISES_REFERRAL}).
     */
    public static void checkConversion(Set<String> asked, String converter, boolean allowedByGp, boolean open) {
        if (!asked.contains(converter)) {
            throw new RuleViolation(
                    "ServiceRequest.performer", "only the hospital that was asked converts a consult into a referral");
        }
        if (!open) {
            throw new StateConflict("the consult is closed and cannot be converted");
        }
        if (!allowedByGp) {
            throw new ConversionNotAllowed();
        }
    }

    /** The GP did not allow the consult to become a referral without them. */
    public static final class ConversionNotAllowed extends RuleViolation {
        public ConversionNotAllowed() {
            super(
                    "ServiceRequest.extension",
                    "the GP did not allow this consult to be converted into a referral:"
                            + " the consult now advises a referral, for the GP to make");
        }
    }
}
