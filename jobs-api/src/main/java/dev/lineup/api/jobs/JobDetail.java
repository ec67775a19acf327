package dev.lineup.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lineup.api.json.PayloadJson;
import dev.lineup.core.job.JobLabels;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything a producer may know about one of its jobs.
 *
 * @param stateReason why it is in its state, when known: a retry's number, a snooze's cause
 *                    (quiet hours, a rate limit, a recipient's cap), why it was dropped or expired
 * @param key         the business key that names the job now, if any
 * @param tags        its tags, sorted
 * @param maxAttempts runs allowed in all, retries included
 * @param expiresAt   its deadline while it waits or runs; JobRunr drops it once the job ended
 * @param payload     the job's record as JSON, as the producer sent it (a webhook body is JSON, not a string)
 */
record JobDetail(
        UUID id,
        String type,
        String priority,
        String producer,
        String state,
        String stateReason,
        String key,
        List<String> tags,
        int attempts,
        Integer maxAttempts,
        Instant createdAt,
        Instant scheduledAt,
        Instant expiresAt,
        Instant startedAt,
        Instant finishedAt,
        LastError lastError,
        JsonNode payload,
        JobLinks links) {

    /** The exception of a failed attempt; the stack trace stays on the dashboard. */
    record LastError(@JsonProperty("class") String exceptionClass, String message) {}

    static JobDetail of(Job job, JobMarks.Marks marks, PayloadJson payloadJson) {
        JobLabels labels = JobLabels.parse(job.getLabels());
        var history = new JobHistory(job);
        return new JobDetail(
                job.getId(),
                labels.type(),
                labels.priority().wireName(),
                labels.producer(),
                history.state(),
                history.stateReason(),
                marks.key(),
                marks.tags(),
                history.attempts(),
                history.maxAttempts(),
                job.getCreatedAt(),
                history.scheduledAt(),
                history.expiresAt(),
                history.startedAt(),
                history.finishedAt(),
                history.lastError(),
                payloadJson.of(payload(job)),
                JobLinks.of(job.getId()));
    }

    private static Object payload(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        return parameters.isEmpty() || parameters.get(0).isNotDeserializable()
                ? null
                : parameters.get(0).getObject();
    }
}
