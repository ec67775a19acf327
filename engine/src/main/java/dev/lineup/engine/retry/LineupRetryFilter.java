package dev.lineup.engine.retry;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.RetryPolicy;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import dev.lineup.core.run.Attempts;
import dev.lineup.core.run.Snooze;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.exceptions.IllegalJobThreadStateException;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.scheduling.exceptions.JobNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * JobRunr's retry filter with each job type's backoff: the wait after failed attempt n is a
 * random whole number of seconds from zero to {@link RetryPolicy#ceilingAfter(int)} ("full
 * jitter"), so the jobs that failed together during an outage do not all come back together.
 *
 * <p>Everything else stays JobRunr's: how many attempts a job gets (its {@code amountOfRetries},
 * which the enqueuer sets to its attempts minus one), and that a {@link PermanentFailure} is
 * not retried — except that a {@link Snooze} is not an attempt, and that a job orphaned by a dead
 * worker is enqueued again at once, keeping its place in line. JobRunr keeps a single state-election filter, so this one replaces its
 * {@link RetryFilter} instead of joining it.
 */
public class LineupRetryFilter extends RetryFilter {

    /** The backoff of a job outside the catalog (its attempts come from JobRunr's default). */
    static final RetryPolicy UNKNOWN_TYPE = new RetryPolicy(1, Duration.ofSeconds(10), Duration.ofHours(1));

    private final int defaultNumberOfRetries;
    private final RandomGenerator random;

    /**
     * @param defaultNumberOfRetries retries of a job stored without its own number
     * @param random                 the jitter; used from every worker thread at once, so it
     *                               must be thread-safe ({@link java.util.Random} is)
     */
    public LineupRetryFilter(int defaultNumberOfRetries, RandomGenerator random) {
        super(defaultNumberOfRetries);
        this.defaultNumberOfRetries = defaultNumberOfRetries;
        this.random = random;
    }

    /**
     * JobRunr's election, counting attempts without the FAILED states that only mark a
     * {@link Snooze}: a job that snoozed five times still has all its retries.
     */
    @Override
    public void onStateElection(Job job, JobState newState) {
        if (!(newState instanceof FailedState failed)
                || Snooze.isSnooze(failed.getExceptionType())
                || failed.getException() instanceof JobNotFoundException
                || failed.mustNotRetry()) {
            return;
        }
        int failedAttempts = Attempts.failed(job);
        int retries = job.getAmountOfRetries() != null ? job.getAmountOfRetries() : defaultNumberOfRetries;
        if (failedAttempts > retries) return;
        if (isOrphan(failed)) {
            // its worker died: run it again at once, ahead of the work that came after it
            Instant placeInLine = JobMetadata.placeInLine(job);
            job.enqueue();
            JobMetadata.keepPlaceInLine(job, placeInLine);
            return;
        }
        job.scheduleAt(
                Instant.now().plusSeconds(getSecondsToAdd(job)),
                String.format("Retry %d of %d", failedAttempts, retries));
    }

    /**
     * JobRunr's master fails a job that stayed PROCESSING past the server timeout without its
     * worker touching it (the worker died). That run counts as an attempt — the job may be what
     * killed its worker — but waits no backoff.
     */
    private static boolean isOrphan(FailedState failed) {
        return IllegalJobThreadStateException.class.getName().equals(failed.getExceptionType());
    }

    @Override
    protected long getSecondsToAdd(Job job) {
        // JobRunr has added the new FAILED state already: this counts the attempt that just failed
        long ceiling = policyOf(job).ceilingAfter(Attempts.failed(job)).toSeconds();
        return random.nextLong(ceiling + 1);
    }

    /** The job's type from its labels, else from its record's class, else a default. */
    static RetryPolicy policyOf(Job job) {
        return JobCatalog.byName(JobLabels.parse(job.getLabels()).type())
                .or(() -> recordClassName(job).flatMap(JobCatalog::byRecordClassName))
                .<RetryPolicy>map(JobType::retry)
                .orElse(UNKNOWN_TYPE);
    }

    private static Optional<String> recordClassName(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        return parameters.isEmpty()
                ? Optional.empty()
                : Optional.of(parameters.get(0).getClassName());
    }
}
