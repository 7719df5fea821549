package nl.hartketen.domain.referral;

/** What the performer (or the sender) asks to change on a referral's task. */
public record TaskChange(TaskStatus status, String statusReason, String businessStatus, String owner) {}
