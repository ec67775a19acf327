package dev.lineup.engine.queue;

import dev.lineup.core.job.Priority;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.ToDoubleFunction;

/**
 * The queues as Prometheus gauges: {@code lineup_queue_jobs{priority, state=waiting|scheduled|running}}
 * and {@code lineup_queue_oldest_waiting_seconds{priority}}. Every Lineup process reports the same
 * cluster-wide numbers: aggregate with {@code max}, not {@code sum}.
 */
public class QueueMetrics implements MeterBinder {

    private final QueueStats stats;

    public QueueMetrics(QueueStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Priority priority : Priority.values()) {
            jobs(registry, priority, "waiting", QueueStats.Queue::waiting);
            jobs(registry, priority, "scheduled", QueueStats.Queue::scheduled);
            jobs(registry, priority, "running", QueueStats.Queue::running);
            Gauge.builder(
                            "lineup.queue.oldest.waiting",
                            stats,
                            s -> s.snapshot().of(priority).oldestWaiting().toMillis() / 1000.0)
                    .description("How long the oldest ready job of this priority has waited")
                    .baseUnit("seconds")
                    .tag("priority", priority.wireName())
                    .register(registry);
        }
    }

    private void jobs(
            MeterRegistry registry, Priority priority, String state, ToDoubleFunction<QueueStats.Queue> count) {
        Gauge.builder(
                        "lineup.queue.jobs",
                        stats,
                        s -> count.applyAsDouble(s.snapshot().of(priority)))
                .description("Jobs per priority: waiting (ready), scheduled (due later or retrying), running")
                .tag("priority", priority.wireName())
                .tag("state", state)
                .register(registry);
    }
}
