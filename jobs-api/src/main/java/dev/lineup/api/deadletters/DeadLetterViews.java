package dev.lineup.api.deadletters;

import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobStateWords;
import dev.lineup.core.run.Attempt;
import dev.lineup.core.run.Attempts;
import dev.lineup.engine.deadletter.DeadLetter;
import dev.lineup.engine.deadletter.DeadLetterPage;
import dev.lineup.engine.deadletter.Replay;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The dead-letter endpoints' answers. */
final class DeadLetterViews {

    static final String BASE = "/api/v1/dead-letters/";

    private DeadLetterViews() {}

    /**
     * Where to go from a dead letter.
     *
     * @param self   its detail here
     * @param replay where to POST to replay it
     * @param job    the same job in the jobs API, which its producer can read
     */
    record Links(String self, String replay, String job) {
        static Links of(UUID id) {
            return new Links(BASE + id, BASE + id + "/replay", "/api/v1/jobs/" + id);
        }
    }

    record Item(
            UUID id,
            String type,
            String priority,
            String producer,
            Instant failedAt,
            int attempts,
            String errorClass,
            String errorMessage,
            Links links) {
        static Item of(DeadLetter d) {
            return new Item(
                    d.id(),
                    d.type(),
                    d.priority().wireName(),
                    d.producer(),
                    d.failedAt(),
                    d.attempts(),
                    d.errorClass(),
                    d.errorMessage(),
                    Links.of(d.id()));
        }
    }

    /** Numbers over every dead letter the filter matches, not only this page. */
    record Counts(Map<String, Long> byType, Map<String, Long> byErrorClass) {}

    record Page(List<Item> items, int page, int size, long total, Counts counts) {
        static Page of(DeadLetterPage p) {
            return new Page(
                    p.items().stream().map(Item::of).toList(),
                    p.page(),
                    p.size(),
                    p.total(),
                    new Counts(p.byType(), p.byErrorClass()));
        }
    }

    /**
     * The other side of a replay: in {@code replays} the new job, in {@code replayOf} the dead
     * letter it replays.
     */
    record ReplayLink(UUID id, String replayedBy, Instant replayedAt, Links links) {
        static ReplayLink replayIn(Replay r) {
            return new ReplayLink(r.replayId(), r.replayedBy(), r.replayedAt(), Links.of(r.replayId()));
        }

        static ReplayLink originalIn(Replay r) {
            return new ReplayLink(r.originalId(), r.replayedBy(), r.replayedAt(), Links.of(r.originalId()));
        }
    }

    /**
     * One job in full, whatever its state: a dead letter, a discarded one, or a replay.
     *
     * @param state        {@code failed} for a dead letter; {@code deleted} once discarded
     * @param failedAt     when its last attempt failed; null if none did
     * @param attempts     how many times a worker started it
     * @param errorClass   the exception class of its last failure
     * @param errorMessage that exception's message
     * @param payload      its record as JSON; null if the stored record can no longer be read
     * @param history      every attempt, first first, failures with their stack traces
     * @param replays      the jobs that replayed it, oldest first
     * @param replayOf     the dead letter it replays, if it is a replay
     */
    record Detail(
            UUID id,
            String type,
            String priority,
            String producer,
            String state,
            Instant createdAt,
            Instant failedAt,
            int attempts,
            String errorClass,
            String errorMessage,
            JsonNode payload,
            List<Attempt> history,
            List<ReplayLink> replays,
            ReplayLink replayOf,
            Links links) {

        static Detail of(Job job, JsonNode payload, List<Replay> replays, Replay replayOf) {
            JobLabels labels = JobLabels.parse(job.getLabels());
            FailedState lastFailure =
                    job.getLastJobStateOfType(FailedState.class).orElse(null);
            List<Attempt> history = Attempts.history(job);
            return new Detail(
                    job.getId(),
                    labels.type() != null ? labels.type() : job.getJobName(),
                    labels.priority().wireName(),
                    labels.producer(),
                    JobStateWords.of(job),
                    job.getCreatedAt(),
                    lastFailure == null ? null : lastFailure.getCreatedAt(),
                    Attempts.started(job),
                    lastFailure == null ? null : lastFailure.getExceptionType(),
                    lastFailure == null ? null : lastFailure.getExceptionMessage(),
                    payload,
                    history,
                    replays.stream().map(ReplayLink::replayIn).toList(),
                    replayOf == null ? null : ReplayLink.originalIn(replayOf),
                    Links.of(job.getId()));
        }
    }
}
