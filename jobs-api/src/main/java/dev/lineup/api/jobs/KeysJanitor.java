package dev.lineup.api.jobs;

import dev.lineup.api.ApiProperties;
import dev.lineup.engine.lifecycle.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Keeps Lineup's key tables from growing forever, once an hour on every API instance (the
 * deletes are idempotent, so instances need not agree on who runs them): forgets idempotency
 * keys older than {@code lineup.api.idempotency-window}, and the business keys and tags of jobs
 * JobRunr has removed.
 */
@Component
class KeysJanitor extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(KeysJanitor.class);
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);
    /**
     * A key moved to a new job is left alone this long: a delete that started before the new
     * job was committed could otherwise judge the key by the old job, already removed.
     */
    private static final Duration KEY_GRACE = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration window;

    @Autowired
    KeysJanitor(JdbcClient jdbc, Clock clock, ApiProperties properties) {
        this(jdbc, clock, properties.idempotencyWindow());
    }

    KeysJanitor(JdbcClient jdbc, Clock clock, Duration window) {
        super("lineup-keys-janitor", FIRST_RUN, INTERVAL, "Cleaning Lineup's key tables");
        this.jdbc = jdbc;
        this.clock = clock;
        this.window = window;
    }

    /** Forgets idempotency keys made before the window; returns how many. */
    int forgetOldIdempotencyKeys() {
        Instant cutoff = clock.instant().minus(window);
        return jdbc.sql("delete from lineup_idempotency_keys where created_at < ?")
                .param(cutoff.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Forgets the business keys and tags of jobs JobRunr has removed; returns how many rows. */
    int forgetRemovedJobs() {
        int tags = jdbc.sql("""
                        delete from lineup_job_tags t
                        where not exists (select 1 from jobrunr_jobs j where j.id = cast(t.job_id as char(36)))""").update();
        int keys = jdbc.sql("""
                        delete from lineup_job_keys k
                        where k.updated_at < ? and not exists (select 1 from jobrunr_jobs j where j.id = cast(k.job_id as char(36)))""")
                .param(clock.instant().minus(KEY_GRACE).atOffset(ZoneOffset.UTC))
                .update();
        return tags + keys;
    }

    @Override
    protected void tick() {
        int keys = forgetOldIdempotencyKeys();
        int removed = forgetRemovedJobs();
        log.debug("Forgot {} idempotency keys past the window and {} keys and tags of removed jobs", keys, removed);
    }
}
