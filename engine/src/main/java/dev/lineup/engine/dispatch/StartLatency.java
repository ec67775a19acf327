package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jobrunr.jobs.Job;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code lineup.job.start.latency}: how long each job waited in the ready set before a worker
 * took it, per priority, as a histogram (Prometheus: {@code lineup_job_start_latency_seconds_bucket}).
 */
public class StartLatency implements BiConsumer<Priority, Job> {

    private final Map<Priority, Timer> timers = new EnumMap<>(Priority.class);
    private final Clock clock;

    public StartLatency(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (Priority priority : Priority.values()) {
            timers.put(
                    priority,
                    Timer.builder("lineup.job.start.latency")
                            .description("Time from a job becoming ready to a worker taking it")
                            .tag("priority", priority.wireName())
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofHours(1))
                            .register(registry));
        }
    }

    @Override
    public void accept(Priority priority, Job job) {
        Duration waited = Duration.between(job.getJobState().getCreatedAt(), clock.instant());
        timers.get(priority).record(waited.isNegative() ? Duration.ZERO : waited);
    }
}
