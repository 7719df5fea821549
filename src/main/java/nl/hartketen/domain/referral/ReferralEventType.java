package nl.hartketen.domain.referral;

/** What happened to a referral. */
public enum ReferralEventType {
    /** The sender sent the request. */
    SUBMITTED,
    /** The sender changed the request's status (e.g. revoked it). */
    REQUEST_STATUS_CHANGED,
    /** The performer's task was created for the request. */
    TASK_CREATED,
    /** The task moved in its state machine. */
    TASK_STATUS_CHANGED,
    /** The task's finer business step changed (e.g. appointment-scheduled). */
    BUSINESS_STATUS_CHANGED,
    /** The patient was first seen for the referral (its wait for access ended). */
    FIRST_VISIT,
    /** The treatment a procedure request asked for was performed. */
    TREATED,
    /** The cardiologist first answered a meekijkconsult (its response time ended). */
    FIRST_ANSWER,
    /** The hospital issued the report of a telediagnostics request (its wait for diagnostics ended). */
    REPORTED,
    /** The back-referral to the sender of a chain's first referral: the loop is closed. */
    LOOP_CLOSED
}
