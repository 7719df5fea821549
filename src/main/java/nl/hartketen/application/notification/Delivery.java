package nl.hartketen.application.notification;

import java.time.Instant;
import nl.hartketen.application.access.Caller;

/**
 * How one subscription's delivery stands.
 *
 * @param owner         who made the subscription: what it delivers is checked against this caller's access
 * @param matching      whether new changes are matched to it (active, or in error: it keeps what happens for later)
 * @param sending       whether its events go out (active only)
 * @param failures      failed attempts in a row
 * @param nextAttemptAt not before this, after a failure; null when nothing failed
 */
public record Delivery(
        String subscriptionId,
        Caller owner,
        String criteriaType,
        boolean matching,
        boolean sending,
        long eventsSinceStart,
        int failures,
        Instant nextAttemptAt,
        String lastError) {}
