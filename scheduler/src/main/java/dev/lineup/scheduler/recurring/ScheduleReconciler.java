package dev.lineup.scheduler.recurring;

import dev.lineup.scheduler.SchedulerProperties;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes JobRunr's recurring jobs match the configured schedules, once, when the app is ready.
 *
 * <p>Configuration is the source of truth for <em>all</em> recurring jobs in the database: one
 * that is not configured is deleted, whoever created it (the dashboard, the API, a
 * {@code @Recurring} annotation). A recurring job is saved only when it is new or differs from
 * its schedule, so a restart with the same configuration writes nothing and keeps JobRunr's
 * bookkeeping (the creation time it counts runs from).
 *
 * <p>A changed schedule takes effect after the run JobRunr already scheduled under the old one,
 * as with any change to a JobRunr recurring job. A removed schedule's pending run is deleted
 * with it, so it does not run once more.
 *
 * <p>Schedulers that start at the same time with the same configuration agree; with different
 * configurations (during a rolling deploy) the one that starts last wins.
 */
@Component
@ConditionalOnBooleanProperty(name = "lineup.scheduler.enabled", matchIfMissing = true)
class ScheduleReconciler {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScheduleReconciler.class);

    private final List<RecurringSchedule> schedules;
    private final StorageProvider storage;
    private final JobRequestScheduler scheduler;
    private final JsonMapper jobRunrJsonMapper;
    private final JdbcClient jdbc;

    ScheduleReconciler(
            SchedulerProperties properties,
            SchedulesReader reader,
            StorageProvider storage,
            JobRequestScheduler scheduler,
            JsonMapper jobRunrJsonMapper,
            JdbcClient jdbc) {
        // read here, not when the app is ready, so bad configuration stops startup before anything is served
        this.schedules = reader.read(properties.schedules());
        this.storage = storage;
        this.scheduler = scheduler;
        this.jobRunrJsonMapper = jobRunrJsonMapper;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        reconcile();
    }

    Reconciliation reconcile() {
        Map<String, RecurringJob> existing =
                storage.getRecurringJobs().stream().collect(Collectors.toMap(RecurringJob::getId, Function.identity()));
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (RecurringSchedule schedule : schedules) {
            RecurringJob current = existing.remove(schedule.id());
            if (current != null && matches(current, schedule)) {
                unchanged.add(schedule.id());
                continue;
            }
            scheduler.createRecurrently(schedule.toRecurringJob());
            (current == null ? added : updated).add(schedule.id());
        }
        List<String> removed = existing.keySet().stream().sorted().toList();
        removed.forEach(this::remove);
        var reconciliation =
                new Reconciliation(List.copyOf(added), List.copyOf(updated), removed, List.copyOf(unchanged));
        LOGGER.info("{}", reconciliation);
        return reconciliation;
    }

    private boolean matches(RecurringJob current, RecurringSchedule schedule) {
        return schedule.cron().equals(current.getScheduleExpression())
                && schedule.zone().getId().equals(current.getZoneId())
                && schedule.type().name().equals(current.getJobName())
                && schedule.labels().equals(current.getLabels())
                // schedules stored before their jobs carried the type's attempts have none: updated once
                && Objects.equals(schedule.retries(), current.getAmountOfRetries())
                && Objects.equals(
                        jobRunrJsonMapper.serialize(new JobDetails(schedule.job())),
                        jobRunrJsonMapper.serialize(current.getJobDetails()));
    }

    private void remove(String recurringJobId) {
        storage.deleteRecurringJob(recurringJobId);
        // JobRunr schedules each recurring job's next run ahead of time and keeps it when the
        // recurring job is deleted; no StorageProvider method finds jobs by recurring job id
        List<UUID> pending = jdbc.sql(
                        "select id from jobrunr_jobs where recurringjobid = ? and state in ('SCHEDULED', 'AWAITING')")
                .param(recurringJobId)
                .query((rs, row) -> UUID.fromString(rs.getString(1).trim()))
                .list();
        for (UUID id : pending) {
            try {
                Job job = storage.getJobById(id);
                job.delete("Its schedule " + recurringJobId + " was removed from the configuration");
                storage.save(job);
            } catch (ConcurrentJobModificationException | JobNotFoundException raced) {
                // a worker enqueued or finished it meanwhile: it is no longer pending
                LOGGER.debug(
                        "Pending run {} of removed schedule {} changed meanwhile; left as it is", id, recurringJobId);
            }
        }
    }
}
