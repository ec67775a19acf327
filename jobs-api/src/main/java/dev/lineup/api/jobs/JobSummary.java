package dev.lineup.api.jobs;

import dev.lineup.core.enqueue.JobLabels;
import org.jobrunr.jobs.Job;

import java.time.Instant;
import java.util.UUID;

/** A job as the enqueue endpoints answer with it. */
record JobSummary(UUID id, String type, String priority, String state, Instant createdAt, Instant scheduledAt, JobLinks links) {

    static JobSummary of(Job job) {
        JobLabels labels = JobLabels.parse(job.getLabels());
        var history = new JobHistory(job);
        return new JobSummary(job.getId(), labels.type(), labels.priority().wireName(), history.state(),
                job.getCreatedAt(), history.scheduledAt(), JobLinks.of(job.getId()));
    }
}
