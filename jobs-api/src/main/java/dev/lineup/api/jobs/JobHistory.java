package dev.lineup.api.jobs;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import dev.lineup.core.job.JobStateWords;
import dev.lineup.core.run.Attempts;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** What a producer can learn from a JobRunr job's state history, in the API's words. */
record JobHistory(Job job) {

    private static final Set<StateName> ENDED = EnumSet.of(StateName.SUCCEEDED, StateName.FAILED, StateName.DELETED);

    /**
     * JobRunr's state name in lower case: scheduled, enqueued, processing, succeeded, failed,
     * deleted; expired for a job deleted because its {@code expiresAt} passed before it started;
     * dropped for one its handler ended on purpose.
     */
    String state() {
        return JobStateWords.of(job);
    }

    /** When it was last scheduled to run; null for a job enqueued to run at once. */
    Instant scheduledAt() {
        return job.getLastJobStateOfType(ScheduledState.class)
                .map(ScheduledState::getScheduledAt)
                .orElse(null);
    }

    /** How many times a worker started it, runs that only snoozed left out. */
    int attempts() {
        return Attempts.started(job);
    }

    /**
     * Why it is in its state, when JobRunr or a handler said: "Retry 2 of 5", "Snoozed: quiet
     * hours 21:00–08:00 in Europe/Berlin", "Dropped: ...", "Expired: ..."; null otherwise.
     */
    String stateReason() {
        JobState current = job.getJobState();
        if (current instanceof ScheduledState scheduled) return scheduled.getReason();
        if (current instanceof DeletedState deleted) return deleted.getReason();
        return null;
    }

    /** Runs allowed in all: the job's own number, else (for jobs stored before it had one) its type's. */
    Integer maxAttempts() {
        if (job.getAmountOfRetries() != null) return job.getAmountOfRetries() + 1;
        return JobCatalog.byName(JobLabels.parse(job.getLabels()).type())
                .map(type -> type.retry().maxAttempts())
                .orElse(null);
    }

    /** Its deadline; JobRunr drops it with the rest of the metadata once the job succeeded or was deleted. */
    Instant expiresAt() {
        return JobMetadata.expiresAt(job.getMetadata()).orElse(null);
    }

    Instant startedAt() {
        return job.getLastJobStateOfType(ProcessingState.class)
                .map(ProcessingState::getCreatedAt)
                .orElse(null);
    }

    /** When it succeeded, failed for good or was deleted; null while it may still run. */
    Instant finishedAt() {
        JobState current = job.getJobState();
        return ENDED.contains(current.getName()) ? current.getCreatedAt() : null;
    }

    /** The error of the last failed attempt, if any attempt failed. */
    JobDetail.LastError lastError() {
        return Attempts.lastFailure(job)
                .map(failed -> new JobDetail.LastError(failed.getExceptionType(), failed.getExceptionMessage()))
                .orElse(null);
    }
}
