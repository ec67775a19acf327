package dev.lineup.core.catalog;

import java.time.Duration;

/**
 * How often and how patiently a job type is retried. Attempt n failing waits a random time
 * between zero and {@code min(cap, base × 2^(n-1))} ("full jitter"), so a provider outage does
 * not bring every failed job back at the same moment.
 *
 * @param maxAttempts runs in all, the first included; a job may ask for fewer or more at enqueue
 * @param base        the ceiling of the first wait
 * @param cap         the ceiling of every wait
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (base.isNegative() || cap.compareTo(base) < 0) throw new IllegalArgumentException("need 0 <= base <= cap");
    }

    /** The longest wait after the given failed attempt (1 for the first). */
    public Duration ceilingAfter(int failedAttempt) {
        int doublings = Math.max(0, Math.min(failedAttempt - 1, 30));
        long seconds = base.toSeconds() << doublings;
        return seconds >= cap.toSeconds() || seconds < 0 ? cap : Duration.ofSeconds(seconds);
    }
}
