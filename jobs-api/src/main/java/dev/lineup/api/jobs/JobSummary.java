package dev.lineup.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lineup.core.job.JobLabels;
import org.jobrunr.jobs.Job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the enqueue endpoints answer with it.
 *
 * @param note set only on a purged job: why nothing but its id is known
 */
record JobSummary(
        UUID id,
        String type,
        String priority,
        String state,
        String key,
        List<String> tags,
        Integer maxAttempts,
        Instant createdAt,
        Instant scheduledAt,
        Instant expiresAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String note,
        JobLinks links) {

    static JobSummary of(Job job, JobMarks.Marks marks) {
        JobLabels labels = JobLabels.parse(job.getLabels());
        var history = new JobHistory(job);
        return new JobSummary(
                job.getId(),
                labels.type(),
                labels.priority().wireName(),
                history.state(),
                marks.key(),
                marks.tags(),
                history.maxAttempts(),
                job.getCreatedAt(),
                history.scheduledAt(),
                history.expiresAt(),
                null,
                JobLinks.of(job.getId()));
    }

    /**
     * The job an idempotency key named, whose row JobRunr has since removed (it ended long
     * enough ago): its id is all that is left, and nothing else is made up.
     */
    static JobSummary purged(UUID id) {
        return new JobSummary(
                id,
                null,
                null,
                "purged",
                null,
                null,
                null,
                null,
                null,
                null,
                "This idempotency key named this job, which has ended and whose record has since been removed; no new job was made.",
                null);
    }
}
