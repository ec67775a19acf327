package dev.lineup.core.run;

import java.time.Instant;

/**
 * One attempt of a job, as {@link Attempts#history} reads it from JobRunr's state history: a
 * PROCESSING state and the state that ended it. A failure carries what JobRunr's FailedState
 * kept of the exception.
 *
 * @param number       1 for the first attempt
 * @param startedAt    when a worker started it; null for a failure JobRunr recorded without a run
 * @param outcome      {@code failed}, {@code succeeded}, {@code deleted}, or {@code processing} while it runs
 * @param failedAt     when it failed; null unless it failed
 * @param errorClass   the exception's class, fully qualified
 * @param errorMessage the exception's message
 * @param stackTrace   the exception's stack trace, causes included
 * @param permanent    the handler marked the failure permanent, so JobRunr did not retry it
 */
public record Attempt(
        int number,
        Instant startedAt,
        String outcome,
        Instant failedAt,
        String errorClass,
        String errorMessage,
        String stackTrace,
        boolean permanent) {

    static Attempt ended(int number, Instant startedAt, String outcome) {
        return new Attempt(number, startedAt, outcome, null, null, null, null, false);
    }
}
