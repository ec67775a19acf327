package dev.lineup.engine.deadletter;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dead letters per job type in the whole cluster, for {@code GET /api/v1/queues} and the
 * Prometheus gauge {@code lineup_dead_letters{type}}. Read at most once per {@link #MAX_AGE},
 * so scrapes and API calls together cost one query every few seconds. Every Lineup process
 * reports the same cluster-wide numbers: aggregate with {@code max}, not {@code sum}.
 */
public class DeadLetterCounts implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private final DeadLetters deadLetters;
    private final Clock clock;
    private volatile Snapshot last;

    public DeadLetterCounts(DeadLetters deadLetters, Clock clock) {
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /**
     * @param byType dead letters of every catalog type, in catalog order, zeros included
     */
    public record Snapshot(Instant takenAt, Map<String, Long> byType) {}

    public Snapshot snapshot() {
        Snapshot snapshot = last;
        Instant now = clock.instant();
        if (snapshot == null || snapshot.takenAt().plus(MAX_AGE).isBefore(now)) {
            Map<String, Long> found = deadLetters.countByType();
            Map<String, Long> byType = new LinkedHashMap<>();
            for (JobType<?> type : JobCatalog.TYPES) byType.put(type.name(), found.getOrDefault(type.name(), 0L));
            snapshot = new Snapshot(now, Collections.unmodifiableMap(byType));
            last = snapshot;
        }
        return snapshot;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (JobType<?> type : JobCatalog.TYPES) {
            Gauge.builder("lineup.dead.letters", this, counts -> counts.snapshot()
                            .byType()
                            .get(type.name()))
                    .description("Jobs of this type that ended FAILED and wait for a replay or a discard")
                    .tag("type", type.name())
                    .register(registry);
        }
    }
}
