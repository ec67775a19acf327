package dev.lineup.api.jobs;

import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The producer's marks on its jobs, kept in Lineup's tables beside JobRunr's (a job's labels are
 * full): the business key that names a job now, and its tags.
 */
@Component
class JobMarks {

    /** One job's marks. {@code key} is null when no key names the job (any more: a replaced job loses it). */
    record Marks(String key, List<String> tags) {
        static final Marks NONE = new Marks(null, List.of());

        /** The marks of a job just created from this request, as a lookup would find them. */
        static Marks of(NewJob created) {
            return new Marks(created.key(), created.tags().stream().sorted().toList());
        }
    }

    private final JdbcClient jdbc;

    JobMarks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Marks of(UUID id) {
        return of(List.of(id)).getOrDefault(id, Marks.NONE);
    }

    /** The marks of each enqueued job: those it was created with, else (a job found by its idempotency key) stored ones. */
    List<Marks> of(List<NewJob> requested, List<Enqueuer.Enqueued> enqueued) {
        Map<UUID, Marks> stored = of(enqueued.stream()
                .filter(e -> !e.created())
                .map(Enqueuer.Enqueued::id)
                .toList());
        List<Marks> marks = new ArrayList<>(enqueued.size());
        for (int i = 0; i < enqueued.size(); i++) {
            Enqueuer.Enqueued e = enqueued.get(i);
            marks.add(e.created() ? Marks.of(requested.get(i)) : stored.getOrDefault(e.id(), Marks.NONE));
        }
        return marks;
    }

    /** The marks of the jobs that have any; tags sorted. */
    Map<UUID, Marks> of(Collection<UUID> ids) {
        if (ids.isEmpty()) return Map.of();
        List<UUID> distinct = ids.stream().distinct().toList();
        Map<UUID, String> keys = new HashMap<>();
        jdbc.sql("select job_id, key from lineup_job_keys where job_id in (:ids)")
                .param("ids", distinct)
                .query(rs -> {
                    keys.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        Map<UUID, List<String>> tags = new HashMap<>();
        jdbc.sql("select job_id, tag from lineup_job_tags where job_id in (:ids) order by tag")
                .param("ids", distinct)
                .query(rs -> {
                    tags.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(rs.getString(2));
                });
        Map<UUID, Marks> marks = new HashMap<>();
        for (UUID id : distinct) {
            if (keys.containsKey(id) || tags.containsKey(id))
                marks.put(id, new Marks(keys.get(id), tags.getOrDefault(id, List.of())));
        }
        return marks;
    }
}
