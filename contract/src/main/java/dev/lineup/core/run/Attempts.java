package dev.lineup.core.run;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one reader of a job's attempts, from JobRunr's state history. A run that ended in a
 * {@link Snooze} is not an attempt: JobRunr records it as a PROCESSING state and a FAILED state
 * naming {@link Snooze}, and both are left out. The API's job and dead-letter views, the
 * dead-letter SQL ({@link #startedSql}), the retry filter and the runner all count here, so they
 * agree on every job.
 *
 * <p>The job server tells which job runs on the current thread, so the {@link JobRunner} counts
 * from the same history as the retry filter.
 */
public final class Attempts {

    private static final ThreadLocal<Job> RUNNING = new ThreadLocal<>();

    private Attempts() {}

    /** Attempts that failed so far, snoozes left out. */
    public static int failed(Job job) {
        return (int) job.getJobStatesOfType(FailedState.class)
                .filter(failed -> !isSnooze(failed))
                .count();
    }

    /** Attempts a worker started, the one running included and runs that only snoozed left out. */
    public static int started(Job job) {
        long snoozes = job.getJobStatesOfType(FailedState.class)
                .filter(Attempts::isSnooze)
                .count();
        return (int) (job.getJobStatesOfType(ProcessingState.class).count() - snoozes);
    }

    /** The last attempt that failed, if one did. */
    public static Optional<FailedState> lastFailure(Job job) {
        return job.getJobStatesOfType(FailedState.class)
                .filter(failed -> !isSnooze(failed))
                .reduce((first, last) -> last);
    }

    /**
     * {@link #started} in SQL, for a query that reads many jobs at once.
     *
     * @param jobJson a jsonb expression for the job as JobRunr stores it, e.g. {@code jobasjson::jsonb}
     */
    public static String startedSql(String jobJson) {
        return """
                (select count(*) filter (where s ->> 'state' = '%s')
                      - count(*) filter (where s ->> 'state' = '%s' and s ->> 'exceptionType' = '%s')
                 from jsonb_array_elements(%s -> 'jobHistory') s)""".formatted(StateName.PROCESSING, StateName.FAILED, Snooze.class.getName(), jobJson);
    }

    /** Every attempt of the job, first first; runs that snoozed are left out. */
    public static List<Attempt> history(Job job) {
        List<Attempt> attempts = new ArrayList<>();
        Instant started = null;
        for (JobState state : job.getJobStates()) {
            if (state.getName() == StateName.PROCESSING) {
                // JobRunr never starts a job twice without an end between; should it, say so
                if (started != null) attempts.add(Attempt.ended(attempts.size() + 1, started, "unknown"));
                started = state.getCreatedAt();
            } else if (state instanceof FailedState failed && isSnooze(failed)) {
                // a snooze ends a run but not an attempt: the attempt goes on when the job comes back
                started = null;
            } else if (state instanceof FailedState failed) {
                attempts.add(new Attempt(
                        attempts.size() + 1,
                        started,
                        "failed",
                        failed.getCreatedAt(),
                        failed.getExceptionType(),
                        failed.getExceptionMessage(),
                        failed.getStackTrace(),
                        failed.mustNotRetry()));
                started = null;
            } else if (started != null) {
                attempts.add(Attempt.ended(
                        attempts.size() + 1, started, state.getName().name().toLowerCase(Locale.ROOT)));
                started = null;
            }
        }
        if (started != null) attempts.add(Attempt.ended(attempts.size() + 1, started, "processing"));
        return attempts;
    }

    private static boolean isSnooze(FailedState failed) {
        return Snooze.isSnooze(failed.getExceptionType());
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
