package dev.lineup.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the jobs API. Defaults live in {@code lineup-api.properties}, each behind an
 * environment variable.
 *
 * @param keys              the producers allowed to call the API and their keys, as
 *                          {@code producer:key,producer2:key2} ({@code LINEUP_API_KEYS}); empty refuses every call
 * @param operators         producers of {@code keys} that act as operators, as {@code ops,salon}
 *                          ({@code LINEUP_API_OPERATORS}): they see, replay and discard every producer's dead
 *                          letters, not only their own; empty: none
 * @param maxBodyBytes      the largest body a single-job request may have, and the largest payload of one
 *                          job in a batch ({@code LINEUP_API_MAX_BODY_BYTES}, 65536)
 * @param maxBatchBytes     the largest body a batch request may have ({@code LINEUP_API_MAX_BATCH_BYTES}, 8388608)
 * @param idempotencyWindow how long an idempotency key keeps naming its job, even after JobRunr removed the
 *                          job's row; a repeat after that makes a new job ({@code LINEUP_IDEMPOTENCY_WINDOW}, 7d)
 */
@ConfigurationProperties("lineup.api")
@Validated
public record ApiProperties(
        String keys,
        String operators,

        @Positive(message = "must be a positive number of bytes; set LINEUP_API_MAX_BODY_BYTES")
        @Max(value = MAX_BYTES, message = "must be at most 1 GiB; set LINEUP_API_MAX_BODY_BYTES")
        long maxBodyBytes,

        @Positive(message = "must be a positive number of bytes; set LINEUP_API_MAX_BATCH_BYTES")
        @Max(value = MAX_BYTES, message = "must be at most 1 GiB; set LINEUP_API_MAX_BATCH_BYTES")
        long maxBatchBytes,

        @NotNull(message = "is required; set LINEUP_IDEMPOTENCY_WINDOW, e.g. 7d")
        @DurationMin(minutes = 1, message = "must be at least 1m; set LINEUP_IDEMPOTENCY_WINDOW, e.g. 7d")
        Duration idempotencyWindow) {

    /** Bodies are read into memory whole, so a limit beyond this is a mistake, not a setting. */
    static final long MAX_BYTES = 1L << 30;

    public ApiProperties {
        keys = keys == null ? "" : keys;
        operators = operators == null ? "" : operators;
    }
}
