package dev.lineup.engine.queue;

import dev.lineup.core.job.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * How many jobs wait, are scheduled and run per priority, and how long the oldest ready job
 * has waited. Read from {@code jobrunr_jobs} at most once per {@link #MAX_AGE}, so dashboards,
 * the API and Prometheus scrapes together cost one query every few seconds.
 */
public class QueueStats {

    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Snapshot last;

    public QueueStats(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One priority's queue.
     *
     * @param waiting       ready to run now
     * @param scheduled     due later (including retries waiting out their backoff)
     * @param running       being run by a worker
     * @param oldestWaiting how long the oldest ready job has waited; zero when none waits
     */
    public record Queue(Priority priority, long waiting, long scheduled, long running, Duration oldestWaiting) {}

    public record Snapshot(Instant takenAt, List<Queue> queues) {
        public Queue of(Priority priority) {
            return queues.stream()
                    .filter(q -> q.priority() == priority)
                    .findFirst()
                    .orElseThrow();
        }
    }

    public Snapshot snapshot() {
        Snapshot snapshot = last;
        Instant now = clock.instant();
        if (snapshot == null || snapshot.takenAt().plus(MAX_AGE).isBefore(now)) {
            snapshot = read(now);
            last = snapshot;
        }
        return snapshot;
    }

    private Snapshot read(Instant now) {
        Map<Priority, long[]> counts = new EnumMap<>(Priority.class);
        Map<Priority, Instant> oldest = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) counts.put(p, new long[3]);
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC));
        jdbc.sql("""
                        select lineup_priority, state, count(*) as jobs, min(updatedat) as oldest
                        from jobrunr_jobs where state in ('ENQUEUED', 'SCHEDULED', 'PROCESSING')
                        group by lineup_priority, state""").query(rs -> {
            Priority priority = Priority.ofRank(rs.getInt("lineup_priority"));
            long jobs = rs.getLong("jobs");
            switch (rs.getString("state")) {
                case "ENQUEUED" -> {
                    counts.get(priority)[0] = jobs;
                    Timestamp ts = rs.getTimestamp("oldest", utc);
                    if (ts != null) oldest.put(priority, ts.toInstant());
                }
                case "SCHEDULED" -> counts.get(priority)[1] = jobs;
                default -> counts.get(priority)[2] = jobs;
            }
        });
        List<Queue> queues = java.util.Arrays.stream(Priority.values())
                .map(p -> {
                    long[] c = counts.get(p);
                    Instant since = oldest.get(p);
                    Duration age = since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
                    return new Queue(p, c[0], c[1], c[2], age);
                })
                .toList();
        return new Snapshot(now, queues);
    }
}
