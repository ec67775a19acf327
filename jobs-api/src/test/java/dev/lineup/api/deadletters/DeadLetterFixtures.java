package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import dev.lineup.core.run.Snooze;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.exceptions.Exceptions;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Makes dead letters the way a worker leaves them: a job enqueued through the {@link Enqueuer},
 * then for each attempt JobRunr's PROCESSING and FAILED states (with the real exception's class,
 * message and stack trace), a retry's SCHEDULED and ENQUEUED between attempts, all saved through
 * JobRunr's storage. The states carry explicit times so tests can filter on when jobs failed.
 */
public final class DeadLetterFixtures {

    private final Enqueuer enqueuer;
    private final StorageProvider storage;
    private final JdbcClient jdbc;

    public DeadLetterFixtures(Enqueuer enqueuer, StorageProvider storage, JdbcClient jdbc) {
        this.enqueuer = enqueuer;
        this.storage = storage;
        this.jdbc = jdbc;
    }

    /** Removes every dead letter and replay record, so a test sees only its own. */
    public void clear() {
        jdbc.sql("delete from jobrunr_jobs where state = 'FAILED'").update();
        jdbc.sql("delete from lineup_replays").update();
    }

    /** A dead letter of the type's default priority that failed 3 times with an IllegalStateException. */
    public UUID deadLetter(String producer, LineupJob payload, Instant failedAt) {
        return deadLetter(
                producer,
                payload,
                JobCatalog.of(payload).defaultPriority(),
                failedAt,
                3,
                attempt -> new IllegalStateException("gateway unreachable (attempt " + attempt + ")"));
    }

    /**
     * @param failedAt when the last attempt failed; attempt k of n starts (n - k) minutes earlier
     * @param error    the exception attempt k failed with
     */
    public UUID deadLetter(
            String producer,
            LineupJob payload,
            Priority priority,
            Instant failedAt,
            int attempts,
            IntFunction<Exception> error) {
        UUID id = enqueuer.enqueue(new NewJob(JobIds.random(), payload, priority, producer, null))
                .job()
                .getId();
        Job job = storage.getJobById(id);
        List<JobState> history = new ArrayList<>(job.getJobStates());
        UUID server = UUID.randomUUID();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Instant failed = failedAt.minusSeconds(60L * (attempts - attempt));
            Instant started = failed.minusMillis(250);
            history.add(new ProcessingState(server, "test-worker", started));
            history.add(failure(error.apply(attempt), failed));
            if (attempt < attempts) {
                history.add(new ScheduledState(
                        failed.plusSeconds(30), "Retry " + attempt + " of " + (attempts - 1), failed));
                history.add(new EnqueuedState(failed.plusSeconds(30)));
            }
        }
        save(job, history);
        return id;
    }

    /**
     * A dead letter whose first {@code snoozes} runs snoozed (each a PROCESSING, a FAILED naming
     * {@link Snooze}, a SCHEDULED and an ENQUEUED, as JobRunr records them), then failed
     * {@code attempts} times with an IllegalStateException.
     */
    public UUID snoozedDeadLetter(String producer, LineupJob payload, Instant failedAt, int snoozes, int attempts) {
        UUID id = deadLetter(
                producer,
                payload,
                JobCatalog.of(payload).defaultPriority(),
                failedAt,
                attempts,
                attempt -> new IllegalStateException("gateway unreachable (attempt " + attempt + ")"));
        Job job = storage.getJobById(id);
        List<JobState> states = job.getJobStates();
        // the enqueued state first, then the snoozes, then the attempts deadLetter wrote
        List<JobState> history = new ArrayList<>(states.subList(0, 1));
        UUID server = UUID.randomUUID();
        Instant first = failedAt.minusSeconds(60L * attempts + 3600);
        for (int snooze = 1; snooze <= snoozes; snooze++) {
            Instant at = first.plusSeconds(60L * snooze);
            history.add(new ProcessingState(server, "test-worker", at.minusMillis(100)));
            history.add(failure(new Snooze(at.plusSeconds(30), "quiet hours"), at));
            history.add(new ScheduledState(at.plusSeconds(30), "Snoozed: quiet hours", at));
            history.add(new EnqueuedState(at.plusSeconds(30)));
        }
        history.addAll(states.subList(1, states.size()));
        save(job, history);
        return id;
    }

    /** A job a worker has started and not finished. */
    public UUID running(String producer, LineupJob payload) {
        UUID id = enqueuer.enqueue(new NewJob(
                        JobIds.random(), payload, JobCatalog.of(payload).defaultPriority(), producer, null))
                .job()
                .getId();
        Job job = storage.getJobById(id);
        List<JobState> history = new ArrayList<>(job.getJobStates());
        history.add(new ProcessingState(UUID.randomUUID(), "test-worker"));
        save(job, history);
        return id;
    }

    /** What JobRunr records of a failed attempt: {@code new FailedState(message, exception)}, at a given time. */
    private static FailedState failure(Exception e, Instant at) {
        Throwable cause = e.getCause();
        return new FailedState(
                "An exception occurred during the performance of the job",
                e.getClass().getName(),
                e.getMessage(),
                cause == null ? null : cause.getClass().getName(),
                cause == null ? null : cause.getMessage(),
                Exceptions.getStackTraceAsString(e),
                false,
                at);
    }

    /** Saved with JobRunr's version check, as a worker saves a job it ran. */
    private void save(Job job, List<JobState> history) {
        Job changed = new Job(
                job.getId(),
                job.getVersion(),
                job.getJobDetails(),
                history,
                new ConcurrentHashMap<>(job.getMetadata()));
        changed.setJobName(job.getJobName());
        changed.setLabels(job.getLabels());
        changed.setAmountOfRetries(job.getAmountOfRetries());
        storage.save(changed);
    }
}
