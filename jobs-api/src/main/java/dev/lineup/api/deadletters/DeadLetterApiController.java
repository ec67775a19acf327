package dev.lineup.api.deadletters;

import dev.lineup.api.ApiProperties;
import dev.lineup.api.auth.Producer;
import dev.lineup.api.json.JsonBodies;
import dev.lineup.api.json.PayloadJson;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.run.LineupJob;
import dev.lineup.engine.deadletter.BulkReplay;
import dev.lineup.engine.deadletter.DeadLetterActions;
import dev.lineup.engine.deadletter.DeadLetterConflict;
import dev.lineup.engine.deadletter.DeadLetters;
import dev.lineup.engine.deadletter.Quarantine;
import dev.lineup.engine.deadletter.Replay;
import jakarta.servlet.http.HttpServletRequest;
import org.jobrunr.jobs.Job;
import org.jobrunr.storage.JobNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Dead letters: the jobs that ended FAILED, listed, inspected, replayed and discarded. A producer
 * sees and acts on its own only (another's answers 404, so ids cannot be probed); an operator
 * key ({@code LINEUP_API_OPERATORS}) sees and acts on every producer's.
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
class DeadLetterApiController {

    private final DeadLetters deadLetters;
    private final DeadLetterActions actions;
    private final Quarantine quarantine;
    private final DeadLetterRequests requests;
    private final JsonBodies bodies;
    private final PayloadJson payloadJson;
    private final ApiProperties properties;

    DeadLetterApiController(
            DeadLetters deadLetters,
            DeadLetterActions actions,
            Quarantine quarantine,
            DeadLetterRequests requests,
            JsonBodies bodies,
            PayloadJson payloadJson,
            ApiProperties properties) {
        this.deadLetters = deadLetters;
        this.actions = actions;
        this.quarantine = quarantine;
        this.requests = requests;
        this.bodies = bodies;
        this.payloadJson = payloadJson;
        this.properties = properties;
    }

    /**
     * {@code GET /api/v1/dead-letters?type=&priority=&producer=&errorClass=&from=&to=&page=0&size=50}:
     * the caller's dead letters, newest failure first, with counts by type and error class over
     * everything the filter matches. {@code from} (inclusive) and {@code to} (exclusive) bound when
     * they failed; {@code producer} is for operators.
     */
    @GetMapping
    DeadLetterViews.Page list(Producer caller, HttpServletRequest request) {
        DeadLetterRequests.ListQuery query = requests.list(caller, request.getParameterMap());
        return DeadLetterViews.Page.of(deadLetters.page(query.filter(), query.page(), query.size()));
    }

    /**
     * {@code GET /api/v1/dead-letters/{id}}: the job with its payload, every attempt (failures
     * with class, message and stack trace), its replays and what it replays. Answers for any of
     * the caller's jobs, so the links between a dead letter and its replays always lead somewhere.
     */
    @GetMapping("/{id}")
    DeadLetterViews.Detail get(Producer caller, @PathVariable UUID id) {
        return detail(find(caller, id));
    }

    /** The new job a single replay made. */
    record ReplayAnswer(UUID id, UUID replayOf, String replayedBy, Instant replayedAt, ReplayLinks links) {}

    /**
     * @param job      the new job in the jobs API (its producer's view)
     * @param replay   the new job here, with {@code replayOf}
     * @param original the dead letter, with its {@code replays}
     */
    record ReplayLinks(String job, String replay, String original) {}

    /**
     * {@code POST /api/v1/dead-letters/{id}/replay}, optionally with {@code {"payload": {...}}}:
     * runs the dead letter again now as a new job of the same type, priority and producer, with
     * the corrected payload if given. 202 with the new job; the original stays failed and records
     * who replayed it. 400 names each bad {@code payload.field}; 409 if the job did not fail.
     */
    @PostMapping("/{id}/replay")
    ResponseEntity<ReplayAnswer> replay(Producer caller, @PathVariable UUID id, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        Job original = find(caller, id);
        LineupJob corrected =
                requests.correctedPayload(bodies.readOptionalObject(request, properties.maxBodyBytes()), original);
        Replay replay = conflictsAnswered(() -> actions.replay(original, corrected, caller.name()));
        var links = new ReplayLinks(
                "/api/v1/jobs/" + replay.replayId(),
                DeadLetterViews.BASE + replay.replayId(),
                DeadLetterViews.BASE + id);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create(links.replay()))
                .body(new ReplayAnswer(replay.replayId(), id, replay.replayedBy(), replay.replayedAt(), links));
    }

    /**
     * What a bulk replay did.
     *
     * @param note set when more dead letters matched than one call replays
     */
    record BulkReplayAnswer(
            int replayed,
            int ratePerSecond,
            Instant lastRunAt,
            long alreadyReplayed,
            int notReplayable,
            long remaining,
            String note) {
        static BulkReplayAnswer of(BulkReplay r) {
            String note = r.remaining() == 0
                    ? null
                    : "One call replays at most " + DeadLetterActions.MAX_BULK_REPLAY + " dead letters; "
                            + r.remaining()
                            + " more match. Call again after lastRunAt to replay them without exceeding the rate.";
            return new BulkReplayAnswer(
                    r.replayed(),
                    r.ratePerSecond(),
                    r.lastRunAt(),
                    r.alreadyReplayed(),
                    r.notReplayable(),
                    r.remaining(),
                    note);
        }
    }

    /**
     * {@code POST /api/v1/dead-letters/replay} with {@code {"filter": {type, priority, producer,
     * errorClass, from, to}, "ratePerSecond": 10}}: replays every matching dead letter in the
     * caller's scope that was not replayed before, spread so that at most {@code ratePerSecond}
     * become due in any second. 202 says how many and when the last one is due.
     */
    @PostMapping(path = "/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BulkReplayAnswer> replayAll(Producer caller, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        var body = bodies.readOptionalObject(request, properties.maxBodyBytes())
                .orElseThrow(() ->
                        ApiProblem.invalid("body", "is required: send {\"filter\": {...}, \"ratePerSecond\": 10}"));
        DeadLetterRequests.BulkReplayRequest bulk = requests.bulkReplay(caller, body);
        BulkReplay done = actions.replayAll(bulk.filter(), bulk.ratePerSecond(), caller.name());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(BulkReplayAnswer.of(done));
    }

    /**
     * {@code DELETE /api/v1/dead-letters/{id}}: discards a dead letter (JobRunr deletes it, naming
     * the caller) and answers it, now deleted. 409 if the job is not failed.
     */
    @DeleteMapping("/{id}")
    DeadLetterViews.Detail discard(Producer caller, @PathVariable UUID id) {
        Job job = find(caller, id);
        return detail(conflictsAnswered(() -> actions.discard(job, caller.name())));
    }

    private DeadLetterViews.Detail detail(Job job) {
        return DeadLetterViews.Detail.of(
                job,
                payloadJson.of(job),
                deadLetters.replaysOf(job.getId()),
                deadLetters.replayOf(job.getId()).orElse(null));
    }

    /** One of the caller's jobs; anyone's for an operator. */
    private Job find(Producer caller, UUID id) {
        Job job;
        try {
            job = quarantine.getJobById(id);
        } catch (JobNotFoundException e) {
            throw notFound(id);
        }
        if (!caller.operator()
                && !caller.name().equals(JobLabels.parse(job.getLabels()).producer())) throw notFound(id);
        return job;
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("No job " + id + " of yours exists.");
    }

    private static <T> T conflictsAnswered(Supplier<T> action) {
        try {
            return action.get();
        } catch (DeadLetterConflict e) {
            throw ApiProblem.conflict(e.getMessage());
        }
    }
}
