package dev.lineup.engine.dispatch;

import dev.lineup.core.run.JobRunner;
import dev.lineup.engine.retry.LineupRetryFilter;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.BackgroundJobServerConfigurationReader;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
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
 *
 * <p>Two roles run a job server: the worker, which runs jobs, and the scheduler, which runs
 * JobRunr's master duties (recurring jobs, due scheduled jobs and retries, orphans, the job
 * table's cleanup) so that workers can scale to zero. A scheduler's server carries
 * {@link #SCHEDULER_MARK} in its name, and the master election prefers such servers
 * ({@link PriorityStorageProvider#getLongestRunningBackgroundJobServerId()}); a scheduler that
 * is not also a worker takes no jobs ({@link #runsJobs(boolean)}).
 */
public final class LineupServerBuilder {

    /** JobRunr's own default: a job stored without a retry count gets this many retries. */
    public static final int DEFAULT_RETRIES = 10;

    /** Ends the name of every job server of the scheduler role; the master election looks for it. */
    public static final String SCHEDULER_MARK = " [scheduler]";

    private final StorageProvider storage;
    private final JobActivator activator;
    private JsonMapper jsonMapper = new Jackson3JsonMapper();
    private BackgroundJobServerConfiguration configuration =
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration();
    private int defaultRetries = DEFAULT_RETRIES;
    private RandomGenerator random = new Random();
    private JobOutcomes outcomes;
    private boolean runsJobs = true;
    private boolean scheduler;

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

    /**
     * Whether the server fetches and runs jobs (default). A server that does not keeps one idle
     * thread and does only what every server does (heartbeat, master election) and, when master,
     * the master's duties.
     */
    public LineupServerBuilder runsJobs(boolean runsJobs) {
        this.runsJobs = runsJobs;
        return this;
    }

    /** Whether the server belongs to the scheduler role, which the master election prefers. */
    public LineupServerBuilder scheduler(boolean scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    public LineupBackgroundJobServer build() {
        if (!runsJobs) configuration.andBackgroundJobServerWorkerPolicy(new DefaultBackgroundJobServerWorkerPolicy(1));
        String name = new BackgroundJobServerConfigurationReader(configuration).getName();
        if (scheduler && !name.endsWith(SCHEDULER_MARK)) configuration.andName(name + SCHEDULER_MARK);
        var server = new LineupBackgroundJobServer(storage, jsonMapper, activator, configuration, runsJobs);
        if (outcomes != null) server.countOutcomesIn(outcomes);
        server.setJobFilters(List.of(new LineupRetryFilter(defaultRetries, random)));
        return server;
    }
}
