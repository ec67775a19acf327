package dev.lineup.core.job;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.EnqueuedState;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What Lineup keeps in a JobRunr job's metadata while it waits and runs: its deadline, its
 * run timeout, and — for a job taken back from a stopped or dead worker — its place in line. JobRunr clears metadata when a job succeeds or is deleted; neither is needed
 * after that. Values are strings so the stored JSON stays plain.
 */
public final class JobMetadata {

    static final String EXPIRES_AT = "lineup-expiresAt";
    static final String TIMEOUT = "lineup-timeout";
    /**
     * When a job handed back by a stopping worker or rescued from a dead one first became ready.
     * Migration V6's trigger reads this key: a job that comes back to the ready set with it
     * waits from that time, not from its return, so it is fetched before newer work.
     */
    static final String READY_SINCE = "lineup-readySince";

    private JobMetadata() {}

    /** Writes a new job's deadline (when it has one) and run timeout. */
    public static void write(Job job, Instant expiresAt, Duration runTimeout) {
        if (expiresAt != null) job.getMetadata().put(EXPIRES_AT, expiresAt.toString());
        job.getMetadata().put(TIMEOUT, runTimeout.toString());
    }

    /** The job's deadline, if it has one. */
    public static Optional<Instant> expiresAt(Map<String, Object> metadata) {
        return Optional.ofNullable(metadata.get(EXPIRES_AT))
                .map(Object::toString)
                .map(Instant::parse);
    }

    /** The job's run timeout, if it was stored with one. */
    public static Optional<Duration> timeout(Map<String, Object> metadata) {
        return Optional.ofNullable(metadata.get(TIMEOUT)).map(Object::toString).map(Duration::parse);
    }

    /**
     * Where the job stands in line when it next becomes ready: the place it held before it was
     * taken (kept from an earlier return when there was one), else when it last became ready.
     */
    public static Instant placeInLine(Job job) {
        return Optional.ofNullable(job.getMetadata().get(READY_SINCE))
                .map(Object::toString)
                .map(Instant::parse)
                .or(() -> job.getLastJobStateOfType(EnqueuedState.class).map(EnqueuedState::getEnqueuedAt))
                .orElse(job.getCreatedAt());
    }

    /** Makes the job keep {@code since} as its place in line when it next becomes ready. */
    public static void keepPlaceInLine(Job job, Instant since) {
        job.getMetadata().put(READY_SINCE, since.toString());
    }

    /** A job that starts running has used its place; a later return (a retry) waits anew. */
    public static void clearPlaceInLine(Job job) {
        job.getMetadata().remove(READY_SINCE);
    }
}
