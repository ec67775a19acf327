package dev.lineup.api.jobs;

import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import dev.lineup.engine.deadletter.Quarantine;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A producer's view of JobRunr's jobs: it sees and changes only its own. Another producer's job
 * or key is answered as not found, so ids and keys cannot be probed across producers.
 *
 * <p>Every change is saved with JobRunr's optimistic version check, so if a worker starts the
 * job in between, the save fails, the job is read again and the change refused because it is now
 * processing. JobRunr's own {@code JobScheduler.delete} is not used: on a running job it
 * interrupts the worker's thread.
 */
@Component
class ProducerJobs {

    /** A worker can take the job between our read and our write; a few rereads settle it. */
    private static final int CHANGE_ATTEMPTS = 5;

    private final StorageProvider storage;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Quarantine quarantine;

    /** @param quarantine reads jobs, quarantining any that can no longer be read or run */
    ProducerJobs(StorageProvider storage, JdbcClient jdbc, Clock clock, Quarantine quarantine) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.clock = clock;
        this.quarantine = quarantine;
    }

    Job find(Producer producer, UUID id) {
        return findIfAny(producer, id).orElseThrow(() -> ApiProblem.notFound("No job " + id + " of yours exists."));
    }

    private Optional<Job> findIfAny(Producer producer, UUID id) {
        Job job;
        try {
            job = quarantine.getJobById(id);
        } catch (JobNotFoundException e) {
            return Optional.empty();
        }
        return producer.name().equals(JobLabels.parse(job.getLabels()).producer())
                ? Optional.of(job)
                : Optional.empty();
    }

    /** The job the producer's business key names now, or a 404. */
    Job findByKey(Producer producer, String key) {
        UUID id = jdbc.sql("select job_id from lineup_job_keys where producer = ? and key = ?")
                .params(producer.name(), key)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("No key " + key + " of yours exists."));
        return findIfAny(producer, id)
                .orElseThrow(() -> ApiProblem.notFound("Key " + key + " named job " + id
                        + ", which has ended and whose record has since been removed."));
    }

    /** Deletes a job that has not started (scheduled or enqueued); a 409 if it is running or has ended. */
    Job cancel(Producer producer, Job job) {
        return changeWhileWaiting(
                        producer,
                        job,
                        "cancelled",
                        waiting -> waiting.delete("Cancelled by producer " + producer.name()))
                .orElseThrow(() -> notWaiting(find(producer, job.getId()), "cancelled"));
    }

    /**
     * Moves a job that has not started to run at {@code runAt}; one due now or earlier is made
     * ready at once. A 409 if it is running or has ended, a 400 if {@code runAt} is not before
     * the job's deadline.
     */
    Job move(Producer producer, Job job, Instant runAt) {
        JobMetadata.expiresAt(job.getMetadata())
                .filter(expiresAt -> !runAt.isBefore(expiresAt))
                .ifPresent(expiresAt -> {
                    throw ApiProblem.invalid("runAt", "must be before the job's expiresAt, " + expiresAt);
                });
        boolean due = !runAt.isAfter(clock.instant());
        return changeWhileWaiting(producer, job, "moved", waiting -> {
                    if (!due) {
                        waiting.scheduleAt(runAt, "Moved by producer " + producer.name());
                    } else if (waiting.getState() != StateName.ENQUEUED) {
                        waiting.enqueue();
                    }
                })
                .orElseThrow(() -> notWaiting(find(producer, job.getId()), "moved"));
    }

    /**
     * Cancels every job of the producer with the tag that has not started, and returns how many
     * it cancelled. Jobs that start meanwhile are left to run and not counted.
     */
    int cancelTagged(Producer producer, String tag) {
        List<UUID> ids =
                jdbc.sql("""
                        select t.job_id from lineup_job_tags t
                        join jobrunr_jobs j on j.id = cast(t.job_id as char(36))
                        where t.producer = ? and t.tag = ? and j.state in ('SCHEDULED', 'ENQUEUED')""").params(producer.name(), tag).query(UUID.class).list();
        int cancelled = 0;
        for (UUID id : ids) {
            Optional<Job> job = findIfAny(producer, id);
            if (job.isEmpty()) continue;
            Optional<Job> done = changeWhileWaiting(
                    producer,
                    job.get(),
                    "cancelled",
                    waiting -> waiting.delete("Cancelled by producer " + producer.name() + " with tag " + tag));
            if (done.isPresent()) cancelled++;
        }
        return cancelled;
    }

    /**
     * Applies the change to the job and saves it while it waits, rereading it when someone else
     * changed it first; empty once it is not waiting (any more).
     */
    private Optional<Job> changeWhileWaiting(Producer producer, Job job, String verb, Consumer<Job> change) {
        Job current = job;
        for (int attempt = 1; ; attempt++) {
            StateName state = current.getState();
            if (state != StateName.SCHEDULED && state != StateName.ENQUEUED) return Optional.empty();
            change.accept(current);
            try {
                return Optional.of(storage.save(current));
            } catch (ConcurrentJobModificationException changed) {
                if (attempt == CHANGE_ATTEMPTS) {
                    throw ApiProblem.conflict(
                            "The job kept changing while it was being " + verb + "; read it and try again.");
                }
                current = findIfAny(producer, job.getId())
                        .orElseThrow(() -> ApiProblem.notFound("No job " + job.getId() + " of yours exists."));
            }
        }
    }

    private static ApiProblem notWaiting(Job job, String verb) {
        return ApiProblem.conflict(
                "The job is " + new JobHistory(job).state() + "; only scheduled or enqueued jobs can be " + verb + ".");
    }
}
