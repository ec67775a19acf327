package dev.lineup.api.jobs;

import dev.lineup.api.ApiProperties;
import dev.lineup.api.auth.Producer;
import dev.lineup.core.enqueue.Enqueuer;
import dev.lineup.core.enqueue.NewJob;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Enqueue, read and cancel jobs: the producer's side of Lineup. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobApiController {

    private final JsonBodyReader bodies;
    private final JobRequestReader requests;
    private final Enqueuer enqueuer;
    private final ProducerJobs jobs;
    private final PayloadJson payloadJson;
    private final ApiProperties properties;

    JobApiController(JsonBodyReader bodies, JobRequestReader requests, Enqueuer enqueuer, ProducerJobs jobs, PayloadJson payloadJson,
                     ApiProperties properties) {
        this.bodies = bodies;
        this.requests = requests;
        this.enqueuer = enqueuer;
        this.jobs = jobs;
        this.payloadJson = payloadJson;
        this.properties = properties;
    }

    /**
     * {@code POST /api/v1/jobs} with {@code {type, priority?, payload, runAt?, idempotencyKey?}}:
     * enqueues one job. 202 when it was created; 200 with the existing job when the idempotency
     * key already named one (a retry never makes a second job). 400 names every bad field.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobSummary> enqueue(Producer producer, HttpServletRequest request) {
        NewJob newJob = requests.one(bodies.readObject(request, properties.maxBodyBytes()), producer);
        Enqueuer.Enqueued enqueued = enqueuer.enqueue(newJob);
        JobSummary job = JobSummary.of(enqueued.job());
        return ResponseEntity.status(enqueued.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create(job.links().self()))
                .body(job);
    }

    /** The answer to a batch: its jobs in request order. */
    record BatchResult(List<BatchItem> jobs) {
    }

    /**
     * {@code POST /api/v1/jobs/batch} with {@code {"jobs": [...]}}, 1 to 1000 job requests: all
     * are checked first, and one bad job rejects the batch (400 naming {@code jobs[i].field}).
     * Otherwise all are stored in one transaction; 202 with each job and whether it was created.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchResult> enqueueBatch(Producer producer, HttpServletRequest request) {
        List<NewJob> newJobs = requests.batch(bodies.readObject(request, properties.maxBatchBytes()), producer,
                properties.maxBodyBytes());
        List<BatchItem> items = enqueuer.enqueueAll(newJobs).stream()
                .map(enqueued -> new BatchItem(JobSummary.of(enqueued.job()), enqueued.created()))
                .toList();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new BatchResult(items));
    }

    /** {@code GET /api/v1/jobs/{id}}: one of the caller's jobs, with its attempts, last error and payload. */
    @GetMapping("/{id}")
    JobDetail get(Producer producer, @PathVariable UUID id) {
        return JobDetail.of(jobs.find(producer, id), payloadJson);
    }

    /**
     * {@code DELETE /api/v1/jobs/{id}}: cancels a job that has not started (scheduled or
     * enqueued) and returns it, now deleted. A job that is running or has ended is a 409.
     */
    @DeleteMapping("/{id}")
    JobDetail cancel(Producer producer, @PathVariable UUID id) {
        return JobDetail.of(jobs.cancel(producer, id), payloadJson);
    }
}
