package dev.lineup.scheduler.recurring;

import dev.lineup.core.catalog.JobType;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import org.jobrunr.scheduling.RecurringJobBuilder;

import java.time.ZoneId;
import java.util.List;

/**
 * A configured schedule that passed every check: what JobRunr's recurring job with this id
 * must look like. Its jobs carry what an enqueued job of the type carries: labels (type,
 * priority, producer) and the type's attempts. Their run timeout is the type's, which the
 * runner reads from the catalog when a job has none of its own.
 *
 * @param cron the schedule expression as JobRunr stores it
 * @param job  the payload, read into its job type's record
 */
record RecurringSchedule(
        String id, String cron, ZoneId zone, JobType<?> type, LineupJob job, Priority priority, String producer) {

    /**
     * The labels every Lineup job carries; the jobs JobRunr creates from the schedule inherit
     * them, and with them their priority.
     */
    List<String> labels() {
        return new JobLabels(type.name(), priority, producer).asList();
    }

    RecurringJobBuilder toRecurringJob() {
        return RecurringJobBuilder.aRecurringJob()
                .withId(id)
                .withName(type.name())
                .withCron(cron)
                .withZoneId(zone)
                .withJobRequest(job)
                .withLabels(labels())
                // JobRunr copies this into every job it makes from the schedule; without it the
                // retry filter would fall back to its default and not the type's attempts
                .withAmountOfRetries(retries());
    }

    /** Retries of each job the schedule makes: its type's attempts but the first. */
    int retries() {
        return type.retry().maxAttempts() - 1;
    }
}
