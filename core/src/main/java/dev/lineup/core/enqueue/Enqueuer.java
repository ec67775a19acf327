package dev.lineup.core.enqueue;

import dev.lineup.core.catalog.JobCatalog;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores new jobs in JobRunr's table, ready for any worker. Unlike JobRunr's schedulers, which
 * silently keep the existing job when an id is taken, it says whether each job was created or
 * already there, so the API can answer 202 or 200.
 */
public class Enqueuer {

    private static final int BATCH_ATTEMPTS = 3;

    private final StorageProvider storage;
    private final JdbcClient jdbc;
    private final Clock clock;

    public Enqueuer(StorageProvider storage, JdbcClient jdbc, Clock clock) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The stored job and whether this call created it. */
    public record Enqueued(Job job, boolean created) {
    }

    public Enqueued enqueue(NewJob newJob) {
        try {
            return new Enqueued(storage.save(toJob(newJob)), true);
        } catch (ConcurrentJobModificationException idTaken) {
            return new Enqueued(storage.getJobById(newJob.id()), false);
        }
    }

    /**
     * Stores all jobs in one transaction, in order. A job whose id already exists (a repeated
     * idempotency key, here or in an earlier call) is returned as it is, not stored again.
     */
    public List<Enqueued> enqueueAll(List<NewJob> newJobs) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tryEnqueueAll(newJobs);
            } catch (ConcurrentJobModificationException raced) {
                // another request stored one of these ids between our check and our insert; the
                // batch was rolled back, so check again and store what is still missing
                if (attempt == BATCH_ATTEMPTS) throw raced;
            }
        }
    }

    private List<Enqueued> tryEnqueueAll(List<NewJob> newJobs) {
        Set<UUID> existing = existingIds(newJobs.stream().map(NewJob::id).toList());
        Map<UUID, Job> toCreate = new LinkedHashMap<>();
        for (NewJob newJob : newJobs) {
            if (!existing.contains(newJob.id())) toCreate.putIfAbsent(newJob.id(), toJob(newJob));
        }
        storage.save(new ArrayList<>(toCreate.values()));
        Map<UUID, Job> found = new HashMap<>(toCreate);
        List<Enqueued> result = new ArrayList<>(newJobs.size());
        Set<UUID> reported = new HashSet<>();
        for (NewJob newJob : newJobs) {
            boolean created = toCreate.containsKey(newJob.id()) && reported.add(newJob.id());
            Job job = found.computeIfAbsent(newJob.id(), storage::getJobById);
            result.add(new Enqueued(job, created));
        }
        return result;
    }

    private Set<UUID> existingIds(List<UUID> ids) {
        if (ids.isEmpty()) return Set.of();
        return jdbc.sql("select id from jobrunr_jobs where id in (:ids)")
                .param("ids", ids.stream().map(UUID::toString).toList())
                .query((rs, row) -> UUID.fromString(rs.getString(1).trim()))
                .set();
    }

    Job toJob(NewJob newJob) {
        var details = new JobDetails(newJob.payload());
        boolean later = newJob.runAt() != null && newJob.runAt().isAfter(clock.instant());
        var job = new Job(newJob.id(), details, later ? new ScheduledState(newJob.runAt()) : new EnqueuedState());
        String type = JobCatalog.of(newJob.payload()).name();
        job.setJobName(type);
        job.setLabels(new JobLabels(type, newJob.priority(), newJob.producer()).asList());
        job.setAmountOfRetries(newJob.attempts() - 1);
        JobMetadata.write(job, newJob);
        return job;
    }
}
