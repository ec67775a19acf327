package dev.lineup.core.job;


import org.jobrunr.jobs.Job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What Lineup keeps in a JobRunr job's metadata while it waits and runs: its deadline and its
 * run timeout. JobRunr clears metadata when a job succeeds or is deleted; neither is needed
 * after that. Values are strings so the stored JSON stays plain.
 */
public final class JobMetadata {

    static final String EXPIRES_AT = "lineup-expiresAt";
    static final String TIMEOUT = "lineup-timeout";

    private JobMetadata() {
    }

    /** Writes a new job's deadline (when it has one) and run timeout. */
    public static void write(Job job, Instant expiresAt, Duration runTimeout) {
        if (expiresAt != null) job.getMetadata().put(EXPIRES_AT, expiresAt.toString());
        job.getMetadata().put(TIMEOUT, runTimeout.toString());
    }

    /** The job's deadline, if it has one. */
    public static Optional<Instant> expiresAt(Map<String, Object> metadata) {
        return Optional.ofNullable(metadata.get(EXPIRES_AT)).map(Object::toString).map(Instant::parse);
    }

    /** The job's run timeout, if it was stored with one. */
    public static Optional<Duration> timeout(Map<String, Object> metadata) {
        return Optional.ofNullable(metadata.get(TIMEOUT)).map(Object::toString).map(Duration::parse);
    }
}
