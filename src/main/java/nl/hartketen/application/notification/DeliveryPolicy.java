package nl.hartketen.application.notification;

import java.time.Duration;

/**
 * When to try a failed delivery again, and when to give up: the wait doubles from {@code firstRetry} after each failure
 * in a row, up to {@code longestRetry}; after {@code failuresBeforeError} failures in a row the subscription goes to
 * {@code error}. With the defaults (5 s, 10 min, 12) a receiver may be away about 50 minutes.
 */
public record DeliveryPolicy(Duration firstRetry, Duration longestRetry, int failuresBeforeError) {

    public DeliveryPolicy {
        if (firstRetry.isNegative() || firstRetry.isZero() || longestRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("retries need 0 < first retry <= longest retry");
        }
        if (failuresBeforeError < 1) {
            throw new IllegalArgumentException("failures before error must be at least 1");
        }
    }

    /** The wait after {@code failures} failures in a row (1 or more). */
    public Duration backoff(int failures) {
        Duration wait = firstRetry;
        for (int i = 1; i < failures && wait.compareTo(longestRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longestRetry) < 0 ? wait : longestRetry;
    }

    public boolean givesUp(int failures) {
        return failures >= failuresBeforeError;
    }
}
