package dev.lineup.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

/** One database of the benchmark's PostgreSQL server, with a pool sized like a worker's. */
final class Database implements AutoCloseable {

    final String url;
    final HikariDataSource dataSource;
    final JdbcClient jdbc;

    Database(String url) {
        this.url = url;
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("");
        config.setMaximumPoolSize(20);
        this.dataSource = new HikariDataSource(config);
        this.jdbc = JdbcClient.create(dataSource);
    }

    void clear() {
        jdbc.sql("delete from jobrunr_jobs").update();
        jdbc.sql("vacuum analyze jobrunr_jobs").update();
    }

    /** Copies one stored ready job {@code count} times, each with its own id inside its JSON too. */
    void fillFrom(String templateId, int count) {
        long start = System.nanoTime();
        jdbc.sql("""
                insert into jobrunr_jobs (id, version, jobasjson, jobsignature, state, createdat, updatedat, scheduledat, recurringjobid)
                select g.id, t.version, replace(t.jobasjson, t.id, g.id), t.jobsignature, t.state, t.createdat,
                       t.updatedat - (g.n * interval '1 microsecond'), t.scheduledat, t.recurringjobid
                from jobrunr_jobs t, (select gen_random_uuid()::text as id, n from generate_series(1, :count) n) g
                where t.id = :template""").param("count", count).param("template", templateId).update();
        jdbc.sql("analyze jobrunr_jobs").update();
        System.out.printf("  filled %,d jobs in %s%n", count, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
