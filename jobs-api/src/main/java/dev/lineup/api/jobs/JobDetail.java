package dev.lineup.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lineup.core.enqueue.JobLabels;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything a producer may know about one of its jobs.
 *
 * @param payload the job's record as JSON, as the producer sent it (a webhook body is JSON, not a string)
 */
record JobDetail(UUID id, String type, String priority, String producer, String state, int attempts,
                 Instant createdAt, Instant scheduledAt, Instant startedAt, Instant finishedAt,
                 LastError lastError, JsonNode payload, JobLinks links) {

    /** The exception of a failed attempt; the stack trace stays on the dashboard. */
    record LastError(@JsonProperty("class") String exceptionClass, String message) {
    }

    static JobDetail of(Job job, PayloadJson payloadJson) {
        JobLabels labels = JobLabels.parse(job.getLabels());
        var history = new JobHistory(job);
        return new JobDetail(job.getId(), labels.type(), labels.priority().wireName(), labels.producer(), history.state(),
                history.attempts(), job.getCreatedAt(), history.scheduledAt(), history.startedAt(), history.finishedAt(),
                history.lastError(), payloadJson.of(payload(job)), JobLinks.of(job.getId()));
    }

    private static Object payload(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        return parameters.isEmpty() || parameters.get(0).isNotDeserializable() ? null : parameters.get(0).getObject();
    }
}
