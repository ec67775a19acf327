package dev.lineup.scheduler.recurring;

import dev.lineup.core.catalog.JobType;
import dev.lineup.core.run.LineupJob;
import dev.lineup.core.job.Priority;
import dev.lineup.core.job.JobLabels;
import org.jobrunr.scheduling.RecurringJobBuilder;

import java.time.ZoneId;
import java.util.List;

/**
 * A configured schedule that passed every check: what JobRunr's recurring job with this id
 * must look like.
 *
 * @param cron the schedule expression as JobRunr stores it
 * @param job  the payload, read into its job type's record
 */
record RecurringSchedule(String id, String cron, ZoneId zone, JobType<?> type, LineupJob job, Priority priority, String producer) {

    /** The labels every Lineup job carries; the jobs JobRunr creates from the schedule inherit them. */
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
                .withLabels(labels());
    }
}
