package dev.lineup.core.run;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;

import java.util.OptionalInt;

/**
 * A job's failed attempts, counted from its state history, where a FAILED state that only marks
 * a {@link Snooze} is not an attempt. The job server tells which job runs on the current thread,
 * so the {@link JobRunner} counts from the same history as the retry filter.
 */
public final class Attempts {

    private static final ThreadLocal<Job> RUNNING = new ThreadLocal<>();

    private Attempts() {
    }

    /** Failed attempts so far, snoozes left out. */
    public static int failed(Job job) {
        return (int) job.getJobStatesOfType(FailedState.class).filter(failed -> !Snooze.isSnooze(failed.getExceptionType())).count();
    }

    /** Marks {@code job} as the one running on this thread, until {@link #finished()}. */
    public static void running(Job job) {
        RUNNING.set(job);
    }

    public static void finished() {
        RUNNING.remove();
    }

    /** The failed attempts of the job running on this thread, when a Lineup job server runs it. */
    public static OptionalInt failedOfRunningJob() {
        Job job = RUNNING.get();
        return job == null ? OptionalInt.empty() : OptionalInt.of(failed(job));
    }
}
