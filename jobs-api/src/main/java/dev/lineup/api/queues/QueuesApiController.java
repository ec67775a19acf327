package dev.lineup.api.queues;

import dev.lineup.engine.deadletter.DeadLetterCounts;
import dev.lineup.engine.queue.QueueStats;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/queues}: the four priority queues of the whole cluster and its dead letters
 * per job type, each at most two seconds old.
 */
@RestController
class QueuesApiController {

    private final QueueStats stats;
    private final DeadLetterCounts deadLetterCounts;

    QueuesApiController(QueueStats stats, DeadLetterCounts deadLetterCounts) {
        this.stats = stats;
        this.deadLetterCounts = deadLetterCounts;
    }

    record Queue(String priority, long waiting, long scheduled, long running, double oldestWaitingSeconds) {}

    /**
     * @param deadLetters jobs that ended failed, per job type, every type of the catalog listed
     */
    record Queues(Instant takenAt, List<Queue> queues, Map<String, Long> deadLetters) {}

    @GetMapping("/api/v1/queues")
    Queues queues() {
        var snapshot = stats.snapshot();
        return new Queues(
                snapshot.takenAt(),
                snapshot.queues().stream()
                        .map(q -> new Queue(
                                q.priority().wireName(),
                                q.waiting(),
                                q.scheduled(),
                                q.running(),
                                q.oldestWaiting().toMillis() / 1000.0))
                        .toList(),
                deadLetterCounts.snapshot().byType());
    }
}
