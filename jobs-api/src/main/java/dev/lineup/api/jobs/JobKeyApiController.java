package dev.lineup.api.jobs;

import dev.lineup.api.ApiProperties;
import dev.lineup.api.auth.Producer;
import dev.lineup.api.json.JsonBodies;
import dev.lineup.api.json.PayloadJson;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.job.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import org.jobrunr.jobs.Job;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancel and move a job by the producer's business key. The key is the rest of the path,
 * percent-encoded where it must be ({@code /by-key/booking-8812:reminder-24h}); a {@code /} in
 * a key is written as it is.
 */
@RestController
@RequestMapping("/api/v1/jobs/by-key")
class JobKeyApiController {

    private final JsonBodies bodies;
    private final ProducerJobs jobs;
    private final JobMarks marks;
    private final PayloadJson payloadJson;
    private final ApiProperties properties;

    JobKeyApiController(
            JsonBodies bodies, ProducerJobs jobs, JobMarks marks, PayloadJson payloadJson, ApiProperties properties) {
        this.bodies = bodies;
        this.jobs = jobs;
        this.marks = marks;
        this.payloadJson = payloadJson;
        this.properties = properties;
    }

    /**
     * {@code DELETE /api/v1/jobs/by-key/{key}}: cancels the job the key names if it has not
     * started, and returns it. 409 if it is running or has ended; 404 for a key the caller never used.
     */
    @DeleteMapping("/{*key}")
    JobDetail cancel(Producer producer, @PathVariable String key) {
        Job job = jobs.findByKey(producer, key(key));
        return detail(jobs.cancel(producer, job));
    }

    /**
     * {@code PUT /api/v1/jobs/by-key/{key}} with {@code {"runAt": "2026-11-24T09:00:00Z"}}: moves
     * the job the key names, if it has not started, to run then; a time now or past makes it
     * ready at once. 409 if it is running or has ended; 404 for an unknown key.
     */
    @PutMapping(path = "/{*key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    JobDetail move(Producer producer, @PathVariable String key, HttpServletRequest request) {
        String name = key(key);
        Instant runAt = runAt(bodies.readObject(request, properties.maxBodyBytes()));
        return detail(jobs.move(producer, jobs.findByKey(producer, name), runAt));
    }

    /** The key of a {@code /{*key}} path, which starts with its slash. */
    private static String key(String path) {
        String key = path.startsWith("/") ? path.substring(1) : path;
        if (key.isEmpty()) throw ApiProblem.invalid("key", "is required: /api/v1/jobs/by-key/{key}");
        RequestFields.keyProblem(key).ifPresent(message -> {
            throw ApiProblem.invalid("key", message);
        });
        return key;
    }

    private static Instant runAt(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        body.propertyNames().stream()
                .filter(name -> !name.equals("runAt"))
                .sorted()
                .forEach(name -> errors.add(new FieldError(name, "unknown field; allowed: runAt")));
        JsonNode node = body.get("runAt");
        if (RequestFields.absent(node)) errors.add(new FieldError("runAt", "is required"));
        Instant runAt = RequestFields.instant(node, "runAt", errors);
        if (!errors.isEmpty()) throw ApiProblem.invalid("The move request has invalid fields.", errors);
        return runAt;
    }

    private JobDetail detail(Job job) {
        return JobDetail.of(job, marks.of(job.getId()), payloadJson);
    }
}
