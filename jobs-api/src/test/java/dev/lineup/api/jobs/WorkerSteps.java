package dev.lineup.api.jobs;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.storage.StorageProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** What a worker does to a job, done by hand so that API tests need no worker. */
final class WorkerSteps {

    private WorkerSteps() {}

    /** A worker takes the job: a PROCESSING state, saved with JobRunr's version check. */
    static void startProcessing(StorageProvider storage, String id) {
        Job job = storage.getJobById(UUID.fromString(id));
        List<JobState> history = new ArrayList<>(job.getJobStates());
        history.add(new ProcessingState(UUID.randomUUID(), "test-worker"));
        Job taken = new Job(
                job.getId(),
                job.getVersion(),
                job.getJobDetails(),
                history,
                new ConcurrentHashMap<>(job.getMetadata()));
        taken.setJobName(job.getJobName());
        taken.setLabels(job.getLabels());
        taken.setAmountOfRetries(job.getAmountOfRetries());
        storage.save(taken);
    }
}
