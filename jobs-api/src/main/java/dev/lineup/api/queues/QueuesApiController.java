package dev.lineup.api.queues;

import dev.lineup.core.queue.QueueStats;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/queues}: the four priority queues of the whole cluster, at most two seconds old. */
@RestController
class QueuesApiController {

    private final QueueStats stats;

    QueuesApiController(QueueStats stats) {
        this.stats = stats;
    }

    record Queue(String priority, long waiting, long scheduled, long running, double oldestWaitingSeconds) {
    }

    record Queues(Instant takenAt, List<Queue> queues) {
    }

    @GetMapping("/api/v1/queues")
    Queues queues() {
        var snapshot = stats.snapshot();
        return new Queues(snapshot.takenAt(), snapshot.queues().stream()
                .map(q -> new Queue(q.priority().wireName(), q.waiting(), q.scheduled(), q.running(), q.oldestWaiting().toMillis() / 1000.0))
                .toList());
    }
}
