package dev.lineup.scheduler;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;
import java.util.Map;

/**
 * The scheduler's settings, under {@code lineup.scheduler}; defaults in
 * {@code lineup-scheduler.properties}.
 *
 * <p>The schedules are checked by {@code SchedulesReader} rather than by Bean Validation
 * annotations here, because their messages name each schedule by its id and the payload is
 * checked against its job type's record, which only the job catalog knows.
 *
 * @param enabled   whether the configured schedules are checked and reconciled into JobRunr at
 *                  startup; when false, JobRunr's recurring jobs are left as they are
 *                  ({@code LINEUP_SCHEDULER_ENABLED}, default true)
 * @param schedules every recurring job Lineup runs. The configuration is the source of truth for
 *                  all of JobRunr's recurring jobs: at startup, a recurring job that is not in this
 *                  list is deleted. A list given in a higher property source (for example the
 *                  environment, {@code LINEUP_SCHEDULER_SCHEDULES_0_ID}, ...) replaces the default
 *                  list whole; default: {@code daily-report}, a {@code report.daily} job at 07:00 UTC
 */
@ConfigurationProperties("lineup.scheduler")
@Validated
public record SchedulerProperties(boolean enabled, List<Schedule> schedules) {

    public SchedulerProperties {
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
    }

    /**
     * One recurring job.
     *
     * @param id       stable id of the recurring job in JobRunr, {@code [a-z0-9][a-z0-9._-]{0,63}},
     *                 unique; renaming it deletes the old recurring job and creates a new one
     * @param cron     when it runs: five fields (minute hour day-of-month month day-of-week), or six
     *                 with seconds first, e.g. {@code 0 7 * * *}
     * @param zone     the time zone the cron is read in, e.g. {@code Europe/Amsterdam}; default UTC
     * @param type     the job type, e.g. {@code report.daily}, {@code webhook.call}
     * @param payload  the job's payload, checked like a payload sent to the API; in the environment
     *                 ({@code LINEUP_SCHEDULER_SCHEDULES_0_PAYLOAD_URL}) field names are lowercased,
     *                 and a map keyed 0, 1, 2, ... becomes a JSON array; values arrive as strings
     * @param priority {@code critical}, {@code high}, {@code normal} or {@code low}; default: the
     *                 job type's default priority
     * @param producer the producer the jobs are labelled with (at most 36 characters); default
     *                 {@code lineup}
     */
    public record Schedule(
            String id,
            String cron,
            @DefaultValue("UTC") String zone,
            String type,
            Map<String, Object> payload,
            String priority,
            @DefaultValue("lineup") String producer) {}
}
