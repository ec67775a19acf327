package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import dev.lineup.core.job.JobStateWords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.Job;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deadlines. A job whose {@code expiresAt} passed before it could start never runs: the worker
 * about to start it, or the promoter about to make it ready, deletes it instead, with a reason
 * that starts with {@code Expired:} (the API reports such a job as expired; it is not a dead
 * letter). Each one is counted in {@code lineup.jobs.expired}, per type.
 */
public class ExpiredJobs implements Consumer<Job> {

    private static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;

    public ExpiredJobs(MeterRegistry registry) {
        this.registry = registry;
        // every type shows up at zero, so a dashboard can tell "none expired" from "not measured"
        JobCatalog.TYPES.stream().map(JobType::name).forEach(this::counter);
    }

    /** Counts a job that expired; called once its deletion is saved. */
    @Override
    public void accept(Job job) {
        String type = JobLabels.parse(job.getLabels()).type();
        counter(type == null ? UNKNOWN_TYPE : type).increment();
    }

    private Counter counter(String type) {
        return Counter.builder("lineup.jobs.expired")
                .description("Jobs deleted unrun because their expiresAt passed before they could start")
                .tag("type", type)
                .register(registry);
    }

    /**
     * Deletes the job (in memory; the caller saves it) when its deadline is before {@code now}.
     * Returns whether it did.
     */
    static boolean expireIfPast(Job job, Instant now) {
        Optional<Instant> expiresAt = JobMetadata.expiresAt(job.getMetadata());
        if (expiresAt.isEmpty() || !expiresAt.get().isBefore(now)) return false;
        job.delete(JobStateWords.expiredReason(expiresAt.get()));
        return true;
    }
}
