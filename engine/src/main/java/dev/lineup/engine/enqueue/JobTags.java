package dev.lineup.engine.enqueue;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/** {@code lineup_job_tags}: a producer's tags on its jobs, to find and cancel them together. */
final class JobTags {

    private final JdbcTemplate jdbc;

    JobTags(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(List<NewJob> jobs) {
        List<Object[]> rows = new ArrayList<>();
        for (NewJob job : jobs) {
            for (String tag : job.tags()) rows.add(new Object[] {job.id(), job.producer(), tag});
        }
        if (!rows.isEmpty())
            jdbc.batchUpdate("insert into lineup_job_tags (job_id, producer, tag) values (?, ?, ?)", rows);
    }
}
