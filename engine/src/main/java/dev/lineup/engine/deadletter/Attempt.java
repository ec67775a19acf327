package dev.lineup.engine.deadletter;

import dev.lineup.core.run.Snooze;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.StateName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of a job, read from JobRunr's state history: a PROCESSING state and the state that
 * ended it. A failure carries what JobRunr's FailedState kept of the exception.
 *
 * @param number       1 for the first run
 * @param startedAt    when a worker started it; null for a failure JobRunr recorded without a run
 * @param outcome      {@code failed}, {@code succeeded}, {@code deleted}, or {@code processing} while it runs
 * @param failedAt     when it failed; null unless it failed
 * @param errorClass   the exception's class, fully qualified
 * @param errorMessage the exception's message
 * @param stackTrace   the exception's stack trace, causes included
 * @param permanent    the handler marked the failure permanent, so JobRunr did not retry it
 */
public record Attempt(int number, Instant startedAt, String outcome, Instant failedAt, String errorClass, String errorMessage,
                      String stackTrace, boolean permanent) {

    /** Every attempt of the job, first first; runs that snoozed are left out. */
    public static List<Attempt> historyOf(Job job) {
        List<Attempt> attempts = new ArrayList<>();
        Instant started = null;
        for (JobState state : job.getJobStates()) {
            if (state.getName() == StateName.PROCESSING) {
                // JobRunr never starts a job twice without an end between; should it, say so
                if (started != null) attempts.add(ended(attempts.size() + 1, started, "unknown"));
                started = state.getCreatedAt();
            } else if (state instanceof FailedState failed && Snooze.isSnooze(failed.getExceptionType())) {
                // a snooze ends a run but not an attempt: the attempt goes on when the job comes back
                started = null;
            } else if (state instanceof FailedState failed) {
                attempts.add(new Attempt(attempts.size() + 1, started, "failed", failed.getCreatedAt(), failed.getExceptionType(),
                        failed.getExceptionMessage(), failed.getStackTrace(), failed.mustNotRetry()));
                started = null;
            } else if (started != null) {
                attempts.add(ended(attempts.size() + 1, started, state.getName().name().toLowerCase(Locale.ROOT)));
                started = null;
            }
        }
        if (started != null) attempts.add(ended(attempts.size() + 1, started, "processing"));
        return attempts;
    }

    private static Attempt ended(int number, Instant startedAt, String outcome) {
        return new Attempt(number, startedAt, outcome, null, null, null, null, false);
    }
}
