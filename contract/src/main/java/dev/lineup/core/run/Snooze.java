package dev.lineup.core.run;

import java.time.Instant;
import java.util.Objects;

/**
 * Thrown by a handler to run its job again later without using up an attempt: the job goes back
 * to SCHEDULED at {@link #until()} with {@link #reason()} as the scheduled state's reason.
 * Quiet hours, a rate limit's next free slot and a recipient's cap all snooze; none of them is
 * a failure of the job.
 *
 * <p>JobRunr cannot move a running job straight to SCHEDULED, so the history shows a FAILED
 * state naming this class followed by the SCHEDULED one. Lineup leaves those failures out of
 * every attempt count, backoff and attempt history (the term is Oban's and River's: "snooze").
 *
 * <p>A stopping worker hands back the jobs it could not finish the same way: a FAILED state
 * naming this class, then ENQUEUED at once, so the stop costs no attempt.
 */
public final class Snooze extends RuntimeException {

    private final Instant until;
    private final String reason;

    public Snooze(Instant until, String reason) {
        super("Snoozed until " + until + ": " + reason, null, false, false);
        this.until = Objects.requireNonNull(until, "until");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** When the job may run again. */
    public Instant until() {
        return until;
    }

    /** Why, in words an operator reads in the job's history, e.g. "quiet hours in Europe/Berlin". */
    public String reason() {
        return reason;
    }

    /** Whether a FAILED state's exception type is a snooze rather than a failed attempt. */
    public static boolean isSnooze(String exceptionType) {
        return Snooze.class.getName().equals(exceptionType);
    }
}
