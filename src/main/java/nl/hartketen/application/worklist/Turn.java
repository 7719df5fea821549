package nl.hartketen.application.worklist;

/** Whose move an open request waits for: what puts it on a worklist, and on which. */
public enum Turn {
    /** The performer's: accept or reject a referral, answer a consult, read a back-referral's letter. */
    PERFORMER,
    /** The sender's: a rejection to act on, a consult answered, asking information or advising a referral. */
    SENDER,
    /** The performer has it in hand (accepted, in progress, escalated): nobody has to act now, the sender waits. */
    IN_HAND
}
