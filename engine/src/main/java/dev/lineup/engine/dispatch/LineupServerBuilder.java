package dev.lineup.engine.dispatch;

import dev.lineup.core.run.JobRunner;
import dev.lineup.engine.retry.LineupRetryFilter;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The one way a Lineup job server is put together, shared by the worker's Spring
 * configuration, the tests and the benchmark, so none of them runs a server that differs from
 * production: the wakeable {@link LineupBackgroundJobServer} on Lineup's storage, with the
 * retry filter that spends attempts by each type's policy and, where given, the outcome
 * counters.
 */
public final class LineupServerBuilder {

    /** JobRunr's own default: a job stored without a retry count gets this many retries. */
    public static final int DEFAULT_RETRIES = 10;

    private final StorageProvider storage;
    private final JobActivator activator;
    private JsonMapper jsonMapper = new Jackson3JsonMapper();
    private BackgroundJobServerConfiguration configuration = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration();
    private int defaultRetries = DEFAULT_RETRIES;
    private RandomGenerator random = new Random();
    private JobOutcomes outcomes;

    private LineupServerBuilder(StorageProvider storage, JobActivator activator) {
        this.storage = storage;
        this.activator = activator;
    }

    /** A server on {@code storage} whose jobs are run by the beans {@code activator} hands out. */
    public static LineupServerBuilder on(StorageProvider storage, JobActivator activator) {
        return new LineupServerBuilder(storage, activator);
    }

    /** A server on {@code storage} that runs every job with {@code runner}. */
    public static LineupServerBuilder on(StorageProvider storage, JobRunner runner) {
        return on(storage, new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.cast(runner);
            }
        });
    }

    public LineupServerBuilder jsonMapper(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
        return this;
    }

    public LineupServerBuilder configuration(BackgroundJobServerConfiguration configuration) {
        this.configuration = configuration;
        return this;
    }

    /** Retries for a job stored without its own count (JobRunr's {@code default-number-of-retries}). */
    public LineupServerBuilder defaultRetries(int defaultRetries) {
        this.defaultRetries = defaultRetries;
        return this;
    }

    /** Where retry waits draw their jitter from; tests pass a seeded one. */
    public LineupServerBuilder random(RandomGenerator random) {
        this.random = random;
        return this;
    }

    public LineupServerBuilder countOutcomesIn(JobOutcomes outcomes) {
        this.outcomes = outcomes;
        return this;
    }

    public LineupBackgroundJobServer build() {
        var server = new LineupBackgroundJobServer(storage, jsonMapper, activator, configuration);
        if (outcomes != null) server.countOutcomesIn(outcomes);
        server.setJobFilters(List.of(new LineupRetryFilter(defaultRetries, random)));
        return server;
    }
}
