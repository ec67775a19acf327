package dev.lineup.api.limits;

import dev.lineup.engine.limits.Rate;

/**
 * What one take from a rate left: whether it was allowed, the tokens left, and in how many
 * seconds the bucket is full again or (refused) has what was asked.
 *
 * @param policy the rate's name in the {@code RateLimit} header fields: {@code requests} or {@code jobs}
 */
record Quota(String policy, Rate rate, boolean allowed, long remaining, long secondsToFull, long secondsToRetry) {

    /** {@code "requests";q=100;w=1}, for {@code RateLimit-Policy}. */
    String policyField() {
        return "\"" + policy + "\";q=" + rate.permits() + ";w="
                + Math.max(1, rate.period().toSeconds());
    }

    /** {@code "requests";r=57;t=1}, for {@code RateLimit}. */
    String limitField() {
        return "\"" + policy + "\";r=" + remaining + ";t=" + secondsToFull;
    }
}
