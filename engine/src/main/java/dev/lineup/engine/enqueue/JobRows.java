package dev.lineup.engine.enqueue;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.sql.common.JobTable;
import org.jobrunr.storage.sql.postgres.PostgresDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * JobRunr's job table, written with JobRunr's own {@link JobTable} (same JSON, same version check)
 * but on the connection of the enqueue's transaction, so a job, its key, its tags and its
 * idempotency key are stored together or not at all — and an enqueue waiting on a key's lock
 * never needs a second connection, which under load could leave every pooled connection waiting.
 */
final class JobRows {

    private static final PostgresDialect DIALECT = new PostgresDialect();

    private final Connection connection;
    private final JobMapper jobMapper;
    private final JdbcClient jdbc;

    JobRows(Connection connection, JobMapper jobMapper, JdbcClient jdbc) {
        this.connection = connection;
        this.jobMapper = jobMapper;
        this.jdbc = jdbc;
    }

    Set<UUID> existingIds(Collection<UUID> ids) {
        if (ids.isEmpty()) return Set.of();
        return jdbc.sql("select id from jobrunr_jobs where id in (:ids)")
                .param("ids", ids.stream().map(UUID::toString).toList())
                .query((rs, row) -> UUID.fromString(rs.getString(1).trim()))
                .set();
    }

    Map<UUID, Job> find(Collection<UUID> ids) {
        Map<UUID, Job> jobs = new HashMap<>();
        if (ids.isEmpty()) return jobs;
        jdbc.sql("select jobasjson from jobrunr_jobs where id in (:ids)")
                .param("ids", ids.stream().map(UUID::toString).distinct().toList())
                .query((rs, row) -> jobMapper.deserializeJob(rs.getString(1)))
                .list()
                .forEach(job -> jobs.put(job.getId(), job));
        return jobs;
    }

    Optional<Job> find(UUID id) {
        return Optional.ofNullable(find(List.of(id)).get(id));
    }

    void insert(List<Job> jobs) {
        try {
            table().save(jobs);
        } catch (SQLException e) {
            // a duplicate id becomes Spring's DuplicateKeyException, which the enqueuer retries
            throw new SQLStateSQLExceptionTranslator().translate("insert jobs", null, e);
        }
    }

    /** Saves a changed job if nobody changed it since it was read; else ConcurrentJobModificationException. */
    void update(Job job) {
        try {
            table().save(job);
        } catch (SQLException e) {
            throw new SQLStateSQLExceptionTranslator().translate("update job", null, e);
        }
    }

    private JobTable table() {
        return new JobTable(connection, DIALECT, null, jobMapper);
    }
}
