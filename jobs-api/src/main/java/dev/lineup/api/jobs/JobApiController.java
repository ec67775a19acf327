package dev.lineup.api.jobs;

import dev.lineup.api.ApiProperties;
import dev.lineup.api.auth.Producer;
import dev.lineup.api.json.JsonBodies;
import dev.lineup.api.json.PayloadJson;
import dev.lineup.api.limits.ApiQuotas;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.job.FieldError;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.KeyConflict;
import dev.lineup.engine.enqueue.NewJob;
import jakarta.servlet.http.HttpServletRequest;
import org.jobrunr.jobs.Job;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Enqueue, read and cancel jobs: the producer's side of Lineup. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobApiController {

    private final JsonBodies bodies;
    private final JobRequestReader requests;
    private final Enqueuer enqueuer;
    private final ProducerJobs jobs;
    private final JobMarks marks;
    private final PayloadJson payloadJson;
    private final ApiProperties properties;
    private final ApiQuotas quotas;

    JobApiController(
            JsonBodies bodies,
            JobRequestReader requests,
            Enqueuer enqueuer,
            ProducerJobs jobs,
            JobMarks marks,
            PayloadJson payloadJson,
            ApiProperties properties,
            ApiQuotas quotas) {
        this.quotas = quotas;
        this.bodies = bodies;
        this.requests = requests;
        this.enqueuer = enqueuer;
        this.jobs = jobs;
        this.marks = marks;
        this.payloadJson = payloadJson;
        this.properties = properties;
    }

    /**
     * {@code POST /api/v1/jobs} with {@code {type, priority?, payload, runAt?, idempotencyKey?,
     * maxAttempts?, timeout?, expiresAt?, key?, replace?, tags?}}: enqueues one job. 202 when it
     * was created; 200 with the existing job when the idempotency key already named one (a retry
     * never makes a second job), with state {@code purged} if that job's record is gone. 409 when
     * the key names a job that is running, or waiting and {@code replace} is not true. 400 names
     * every bad field.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobSummary> enqueue(Producer producer, HttpServletRequest request) {
        NewJob newJob = requests.one(bodies.readObject(request, properties.maxBodyBytes()), producer);
        quotas.admit(producer, List.of(newJob), false);
        Enqueuer.Enqueued enqueued;
        try {
            enqueued = enqueuer.enqueue(newJob);
        } catch (KeyConflict conflict) {
            throw keyConflict(conflict, "key");
        }
        if (enqueued.purged()) return ResponseEntity.ok(JobSummary.purged(enqueued.id()));
        JobSummary job = JobSummary.of(
                enqueued.job(), marks.of(List.of(newJob), List.of(enqueued)).get(0));
        return ResponseEntity.status(enqueued.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create(job.links().self()))
                .body(job);
    }

    /** The answer to a batch: its jobs in request order. */
    record BatchResult(List<BatchItem> jobs) {}

    /**
     * {@code POST /api/v1/jobs/batch} with {@code {"jobs": [...]}}, 1 to 1000 job requests: all
     * are checked first, and one bad job rejects the batch (400 naming {@code jobs[i].field}), as
     * does one key conflict (409 naming {@code jobs[i].key}). Otherwise all are stored in one
     * transaction; 202 with each job and whether it was created.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchResult> enqueueBatch(Producer producer, HttpServletRequest request) {
        List<NewJob> newJobs = requests.batch(
                bodies.readObject(request, properties.maxBatchBytes()), producer, properties.maxBodyBytes());
        quotas.admit(producer, newJobs, true);
        List<Enqueuer.Enqueued> enqueued;
        try {
            enqueued = enqueuer.enqueueAll(newJobs);
        } catch (KeyConflict conflict) {
            throw keyConflict(conflict, "jobs[" + conflict.index() + "].key");
        }
        List<JobMarks.Marks> jobMarks = marks.of(newJobs, enqueued);
        List<BatchItem> items = new ArrayList<>(enqueued.size());
        for (int i = 0; i < enqueued.size(); i++) {
            Enqueuer.Enqueued e = enqueued.get(i);
            items.add(new BatchItem(
                    e.purged() ? JobSummary.purged(e.id()) : JobSummary.of(e.job(), jobMarks.get(i)), e.created()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new BatchResult(items));
    }

    /** {@code GET /api/v1/jobs/{id}}: one of the caller's jobs, with its attempts, last error and payload. */
    @GetMapping("/{id}")
    JobDetail get(Producer producer, @PathVariable UUID id) {
        return detail(jobs.find(producer, id));
    }

    /**
     * {@code DELETE /api/v1/jobs/{id}}: cancels a job that has not started (scheduled or
     * enqueued) and returns it, now deleted. A job that is running or has ended is a 409.
     */
    @DeleteMapping("/{id}")
    JobDetail cancel(Producer producer, @PathVariable UUID id) {
        return detail(jobs.cancel(producer, jobs.find(producer, id)));
    }

    /** How many jobs a cancel by tag cancelled. */
    record Cancelled(int cancelled) {}

    /**
     * {@code DELETE /api/v1/jobs?tag=booking:8812}: cancels every job of the caller with the tag
     * that has not started, and says how many. Running and ended jobs are left alone and not counted.
     */
    @DeleteMapping
    Cancelled cancelTagged(Producer producer, @RequestParam(required = false) String tag) {
        if (tag == null || tag.isBlank()) {
            throw ApiProblem.invalid(
                    "tag", "is required: the tag whose waiting jobs to cancel, e.g. ?tag=booking:8812");
        }
        RequestFields.tagProblem(tag).ifPresent(message -> {
            throw ApiProblem.invalid("tag", message);
        });
        return new Cancelled(jobs.cancelTagged(producer, tag));
    }

    private JobDetail detail(Job job) {
        return JobDetail.of(job, marks.of(job.getId()), payloadJson);
    }

    /** A 409 naming the key's field and the job the key names, with what the producer can do. */
    private static ErrorResponseException keyConflict(KeyConflict conflict, String field) {
        String detail = conflict.running()
                ? "Key " + conflict.key() + " names job " + conflict.jobId()
                        + ", which is running; a running job cannot be" + " replaced. Enqueue again once it has ended."
                : "Key " + conflict.key() + " names job " + conflict.jobId()
                        + ", which has not started; send \"replace\": true to"
                        + " cancel it and enqueue this job instead, or cancel or move it by its key.";
        String message =
                "names job " + conflict.jobId() + ", which " + (conflict.running() ? "is running" : "has not started");
        ProblemDetail problem =
                ApiProblem.problem(HttpStatus.CONFLICT, detail, List.of(new FieldError(field, message)));
        problem.setProperty("jobId", conflict.jobId());
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
