package dev.lineup.api.jobs;

import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.enqueue.JobLabels;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * A producer's view of JobRunr's jobs: it sees and cancels only its own. Another producer's job
 * is answered as not found, so ids cannot be probed across producers.
 */
@Component
class ProducerJobs {

    /** A worker can take the job between our read and our write; a few rereads settle it. */
    private static final int CANCEL_ATTEMPTS = 5;

    private final StorageProvider storage;

    ProducerJobs(StorageProvider storage) {
        this.storage = storage;
    }

    Job find(Producer producer, UUID id) {
        Job job;
        try {
            job = storage.getJobById(id);
        } catch (JobNotFoundException e) {
            throw notFound(id);
        }
        if (!producer.name().equals(JobLabels.parse(job.getLabels()).producer())) throw notFound(id);
        return job;
    }

    /**
     * Deletes a job that has not started. The save is conditional on the version we read
     * (JobRunr's optimistic locking), so if a worker starts the job in between, the save fails,
     * we read the job again and refuse because it is now processing. JobRunr's own
     * {@code JobScheduler.delete} is not used: on a running job it interrupts the worker's thread.
     */
    Job cancel(Producer producer, UUID id) {
        for (int attempt = 1; ; attempt++) {
            Job job = find(producer, id);
            StateName state = job.getState();
            if (state != StateName.SCHEDULED && state != StateName.ENQUEUED) {
                throw ApiProblem.conflict("The job is " + new JobHistory(job).state()
                        + "; only scheduled or enqueued jobs can be cancelled.");
            }
            job.delete("Cancelled by producer " + producer.name());
            try {
                return storage.save(job);
            } catch (ConcurrentJobModificationException changed) {
                if (attempt == CANCEL_ATTEMPTS) {
                    throw ApiProblem.conflict("The job kept changing while it was being cancelled; read it and try again.");
                }
            }
        }
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("No job " + id + " of yours exists.");
    }
}
