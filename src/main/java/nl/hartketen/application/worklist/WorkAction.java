package nl.hartketen.application.worklist;

import nl.hartketen.domain.consult.ConsultStep;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.TaskStatus;

/** What the user of a worklist must do about an item, or that they wait; {@code text} says it to a person. */
public enum WorkAction {
    ACCEPT_OR_REJECT("accept-or-reject", "Accept or reject the referral"),
    ANSWER("answer", "Answer the GP's question before it is due"),
    READ_LETTER("read-letter", "Read the back-referral letter, then complete its Task"),
    SEND_INFORMATION("send-information", "Send the information the cardiologist asked for"),
    READ_ANSWER("read-answer", "Read the cardiologist's answer, then close the consult or ask again"),
    REFER("refer", "The cardiologist advises a referral: refer the patient, or close the consult"),
    ACT_ON_REJECTION("act-on-rejection", "Read why it was rejected, then refer elsewhere or withdraw the request"),
    AWAIT_ACCEPTANCE("await-acceptance", "Nothing yet: waiting for the hospital to accept it"),
    AWAIT_ANSWER("await-answer", "Nothing yet: waiting for the cardiologist's answer"),
    AWAIT_HOSPITAL("await-hospital", "Nothing yet: the hospital has it in hand");

    private final String code;
    private final String text;

    WorkAction(String code, String text) {
        this.code = code;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** Whether the user must act, rather than wait. */
    public boolean needsAction() {
        return !name().startsWith("AWAIT_");
    }

    /** What the performer's organization must do about an item in its turn. */
    static WorkAction ofPerformer(WorkItem item) {
        return switch (item.category()) {
            case MEEKIJKCONSULT -> ANSWER;
            case BACK_REFERRAL -> READ_LETTER;
            case REFERRAL, TELEDIAGNOSTICS, PROCEDURE, TELEMONITORING -> ACCEPT_OR_REJECT;
        };
    }

    /** What the sender's organization must do about an item, or what it waits for. */
    static WorkAction ofSender(WorkItem item) {
        return switch (item.turn()) {
            case PERFORMER -> item.category() == RequestCategory.MEEKIJKCONSULT ? AWAIT_ANSWER : AWAIT_ACCEPTANCE;
            case IN_HAND -> AWAIT_HOSPITAL;
            case SENDER -> {
                if (item.taskStatus() == TaskStatus.REJECTED) {
                    yield ACT_ON_REJECTION;
                }
                String step = item.businessStatus();
                if (ConsultStep.AWAITING_GP_INFORMATION.code().equals(step)) {
                    yield SEND_INFORMATION;
                }
                yield ConsultStep.ADVISES_REFERRAL.code().equals(step) ? REFER : READ_ANSWER;
            }
        };
    }
}
