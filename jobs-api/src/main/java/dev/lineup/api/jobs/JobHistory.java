package dev.lineup.api.jobs;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a producer can learn from a JobRunr job's state history, in the API's words. */
record JobHistory(Job job) {

    private static final Set<StateName> ENDED = EnumSet.of(StateName.SUCCEEDED, StateName.FAILED, StateName.DELETED);

    /** JobRunr's state name in lower case: scheduled, enqueued, processing, succeeded, failed, deleted. */
    String state() {
        return job.getState().name().toLowerCase(Locale.ROOT);
    }

    /** When it was last scheduled to run; null for a job enqueued to run at once. */
    Instant scheduledAt() {
        return job.getLastJobStateOfType(ScheduledState.class).map(ScheduledState::getScheduledAt).orElse(null);
    }

    /** How many times a worker started it. */
    int attempts() {
        return (int) job.getJobStatesOfType(ProcessingState.class).count();
    }

    Instant startedAt() {
        return job.getLastJobStateOfType(ProcessingState.class).map(ProcessingState::getCreatedAt).orElse(null);
    }

    /** When it succeeded, failed for good or was deleted; null while it may still run. */
    Instant finishedAt() {
        JobState current = job.getJobState();
        return ENDED.contains(current.getName()) ? current.getCreatedAt() : null;
    }

    /** The error of the last failed attempt, if any attempt failed. */
    JobDetail.LastError lastError() {
        return job.getLastJobStateOfType(FailedState.class)
                .map(failed -> new JobDetail.LastError(failed.getExceptionType(), failed.getExceptionMessage()))
                .orElse(null);
    }
}
