package dev.lineup.engine.deadletter;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.Attempts;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement about dead letters. A dead letter is a row of JobRunr's {@code jobrunr_jobs}
 * in state FAILED: what lists and filters need is read from its JSON with jsonb expressions, so
 * nothing about its state is ever copied. Failed rows are few (JobRunr keeps them until someone
 * acts), so parsing their JSON per query is cheap. Lineup's own {@code lineup_replays} adds only
 * who replayed which dead letter, and when.
 */
public class DeadLetters {

    /**
     * The dead letters with the columns filters use. JobRunr writes its timestamps as UTC into
     * {@code timestamp} columns; the last state of a FAILED job is its last failure.
     */
    private static final String DEAD_LETTERS = """
            select id, lineup_priority, updatedat as failed_at, jobasjson,
                   doc ->> 'jobName' as type,
                   (select substr(label, 10) from jsonb_array_elements_text(doc -> 'labels') label
                    where label like 'producer:%' limit 1) as producer,
                   doc -> 'jobHistory' -> -1 ->> 'exceptionType' as error_class,
                   doc -> 'jobHistory' -> -1 ->> 'exceptionMessage' as error_message,
                   ATTEMPTS as attempts
            from jobrunr_jobs cross join lateral (select jobasjson::jsonb as doc) parsed
            where state = 'FAILED'""".replace("ATTEMPTS", Attempts.startedSql("doc"));

    private static final String REPLAYED =
            "exists (select 1 from lineup_replays r where r.original_id = dead.id::uuid)";
    private static final String UNKNOWN = "unknown";
    private static final int ROWS_PER_INSERT = 1000;

    private final JdbcClient jdbc;
    private final JobMapper jobMapper;

    public DeadLetters(JdbcClient jdbc, JobMapper jobMapper) {
        this.jdbc = jdbc;
        this.jobMapper = jobMapper;
    }

    /** A page of the matching dead letters, newest failure first, with counts over all of them. */
    public DeadLetterPage page(DeadLetterFilter filter, int page, int size) {
        Where where = Where.of(filter);
        List<DeadLetter> items = jdbc.sql("""
                        select id, type, lineup_priority, producer, failed_at, attempts, error_class, error_message
                        from (%s) dead%s
                        order by failed_at desc, id desc limit :limit offset :offset""".formatted(DEAD_LETTERS, where.sql()))
                .params(where.params())
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(DeadLetters::deadLetter)
                .list();
        Map<String, Long> byType = new HashMap<>();
        Map<String, Long> byErrorClass = new HashMap<>();
        long[] total = {0};
        jdbc.sql("""
                        select type, error_class, grouping(type, error_class) as level, count(*) as n
                        from (%s) dead%s
                        group by grouping sets ((type), (error_class), ())""".formatted(DEAD_LETTERS, where.sql()))
                .params(where.params())
                .query(rs -> {
                    switch (rs.getInt("level")) {
                        case 1 -> byType.put(orUnknown(rs.getString("type")), rs.getLong("n"));
                        case 2 -> byErrorClass.put(orUnknown(rs.getString("error_class")), rs.getLong("n"));
                        default -> total[0] = rs.getLong("n");
                    }
                });
        return new DeadLetterPage(items, page, size, total[0], mostFirst(byType), mostFirst(byErrorClass));
    }

    /** Dead letters per job type in the whole cluster; types without any are absent. */
    public Map<String, Long> countByType() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("select type, count(*) as n from (" + DEAD_LETTERS + ") dead group by type")
                .query(rs -> {
                    counts.put(orUnknown(rs.getString("type")), rs.getLong("n"));
                });
        return counts;
    }

    /**
     * How many dead letters match, and how many of those have been replayed before.
     *
     * @param total    every match
     * @param replayed matches that already have a replay
     */
    record Matches(long total, long replayed) {}

    Matches matches(DeadLetterFilter filter) {
        Where where = Where.of(filter);
        return jdbc.sql("select count(*) as total, count(*) filter (where " + REPLAYED + ") as replayed from ("
                        + DEAD_LETTERS + ") dead" + where.sql())
                .params(where.params())
                .query((rs, row) -> new Matches(rs.getLong("total"), rs.getLong("replayed")))
                .single();
    }

    /** Up to {@code limit} matching dead letters that were never replayed, oldest failure first. */
    List<Job> notYetReplayed(DeadLetterFilter filter, int limit) {
        Where where = Where.of(filter, "not " + REPLAYED);
        return jdbc.sql("select jobasjson from (" + DEAD_LETTERS + ") dead" + where.sql()
                        + " order by failed_at, id limit :limit")
                .params(where.params())
                .param("limit", limit)
                .query((rs, row) -> jobMapper.deserializeJob(rs.getString("jobasjson")))
                .list();
    }

    /**
     * Serialises bulk replays until the calling transaction ends, so two at once cannot both
     * pick the same not-yet-replayed dead letters.
     */
    void lockReplays() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('lineup_replays'))").query(rs -> {});
    }

    void recordReplays(List<Replay> replays) {
        for (int from = 0; from < replays.size(); from += ROWS_PER_INSERT) {
            List<Object[]> rows = replays.subList(from, Math.min(replays.size(), from + ROWS_PER_INSERT)).stream()
                    .map(r -> new Object[] {
                        r.replayId(),
                        r.originalId(),
                        r.replayedBy(),
                        OffsetDateTime.ofInstant(r.replayedAt(), ZoneOffset.UTC)
                    })
                    .toList();
            jdbc.sql("insert into lineup_replays (replay_id, original_id, replayed_by, replayed_at) values :rows")
                    .param("rows", rows)
                    .update();
        }
    }

    /** Undoes {@link #recordReplays} for replays whose jobs could not be stored. */
    void forgetReplays(Collection<UUID> replayIds) {
        List<UUID> ids = List.copyOf(replayIds);
        for (int from = 0; from < ids.size(); from += ROWS_PER_INSERT) {
            jdbc.sql("delete from lineup_replays where replay_id in (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + ROWS_PER_INSERT)))
                    .update();
        }
    }

    /** Every replay of a dead letter, oldest first. */
    public List<Replay> replaysOf(UUID originalId) {
        return jdbc.sql("select * from lineup_replays where original_id = :id order by replayed_at, replay_id")
                .param("id", originalId)
                .query(DeadLetters::replay)
                .list();
    }

    /** The dead letter a job replays, if it is a replay. */
    public Optional<Replay> replayOf(UUID jobId) {
        return jdbc.sql("select * from lineup_replays where replay_id = :id")
                .param("id", jobId)
                .query(DeadLetters::replay)
                .optional();
    }

    /** The producer's tags on these jobs, so a replay can be found (and cancelled) by them too. */
    Map<UUID, List<String>> tagsOf(Collection<UUID> jobIds) {
        Map<UUID, List<String>> tags = new HashMap<>();
        List<UUID> ids = List.copyOf(jobIds);
        for (int from = 0; from < ids.size(); from += ROWS_PER_INSERT) {
            jdbc.sql("select job_id, tag from lineup_job_tags where job_id in (:ids) order by tag")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + ROWS_PER_INSERT)))
                    .query(rs -> {
                        tags.computeIfAbsent(rs.getObject("job_id", UUID.class), id -> new ArrayList<>())
                                .add(rs.getString("tag"));
                    });
        }
        return tags;
    }

    private static DeadLetter deadLetter(ResultSet rs, int row) throws SQLException {
        return new DeadLetter(
                UUID.fromString(rs.getString("id").trim()),
                rs.getString("type"),
                Priority.ofRank(rs.getInt("lineup_priority")),
                rs.getString("producer"),
                rs.getObject("failed_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getInt("attempts"),
                rs.getString("error_class"),
                rs.getString("error_message"));
    }

    private static Replay replay(ResultSet rs, int row) throws SQLException {
        return new Replay(
                rs.getObject("replay_id", UUID.class),
                rs.getObject("original_id", UUID.class),
                rs.getString("replayed_by"),
                rs.getObject("replayed_at", OffsetDateTime.class).toInstant());
    }

    private static String orUnknown(String key) {
        return key == null ? UNKNOWN : key;
    }

    private static Map<String, Long> mostFirst(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** A filter as SQL conditions over {@link #DEAD_LETTERS}; values are always bound, never written into the SQL. */
    private record Where(String sql, Map<String, Object> params) {

        static Where of(DeadLetterFilter filter, String... more) {
            List<String> conditions = new ArrayList<>();
            Map<String, Object> params = new HashMap<>();
            if (filter.type() != null) {
                conditions.add("type = :type");
                params.put("type", filter.type());
            }
            if (filter.priority() != null) {
                conditions.add("lineup_priority = :priority");
                params.put("priority", filter.priority().rank());
            }
            if (filter.producer() != null) {
                conditions.add("producer = :producer");
                params.put("producer", filter.producer());
            }
            if (filter.errorClass() != null) {
                // a simple name matches the part after the package and any enclosing class
                conditions.add(
                        "(error_class = :errorClass or regexp_replace(error_class, '^.*[.$]', '') = :errorClass)");
                params.put("errorClass", filter.errorClass());
            }
            if (filter.from() != null) {
                conditions.add("failed_at >= :from");
                params.put("from", utc(filter.from()));
            }
            if (filter.to() != null) {
                conditions.add("failed_at < :to");
                params.put("to", utc(filter.to()));
            }
            conditions.addAll(List.of(more));
            return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), params);
        }

        private static LocalDateTime utc(Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
    }
}
