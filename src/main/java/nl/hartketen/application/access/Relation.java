package nl.hartketen.application.access;

/** How an organization is involved with a resource holding patient data; what it may see and do follows from it. */
public enum Relation {
    /** Sent the request (the requester's organization): may change, revoke and cancel it. */
    SENDER,
    /** Was asked to act (the performer, the Task's owner): may accept, reject, start and complete the work. */
    RECEIVER,
    /** Otherwise involved with the patient: created the record, is the patient's GP, or sent or received a referral for them. */
    INVOLVED
}
