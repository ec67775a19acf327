package dev.lineup.bench;

import dev.lineup.core.job.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.runner.ThreadLocalJobContext;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;
import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/** JobRunr OSS as it ships: its PostgreSQL storage and background job server, polling every 5 s (its minimum). */
final class PlainJobRunr implements Subject {

    /** A no-op job: its handler only records when it started. */
    public record NoOp(int n) implements JobRequest {
        @Override
        public Class<NoOpHandler> getJobRequestHandler() {
            return NoOpHandler.class;
        }
    }

    public static final class NoOpHandler implements JobRequestHandler<NoOp> {
        static Recorder recorder;

        @Override
        public void run(NoOp job) {
            recorder.start(ThreadLocalJobContext.getJobContext().getJobId());
        }
    }

    private final Database db;
    private final Recorder recorder = new Recorder();
    private final PostgresStorageProvider storage;
    private final Jackson3JsonMapper json = new Jackson3JsonMapper();
    private BackgroundJobServer server;

    @SuppressWarnings(
            "StaticAssignmentInConstructor") // JobRunr instantiates the no-op handler itself: it reaches the recorder
    // through a static
    PlainJobRunr(Database db) {
        this.db = db;
        NoOpHandler.recorder = recorder;
        this.storage = new PostgresStorageProvider(db.dataSource, null, DatabaseOptions.CREATE);
        storage.setJobMapper(new JobMapper(json));
    }

    @Override
    public String name() {
        return "JobRunr 8.7.0";
    }

    @Override
    public Recorder recorder() {
        return recorder;
    }

    private Job newJob(int n) {
        return new Job(new JobDetails(new NoOp(n)), new EnqueuedState());
    }

    @Override
    public void enqueueBatch(int count, Priority priority) {
        List<Job> batch = new ArrayList<>(5000);
        for (int i = 0; i < count; i++) {
            batch.add(newJob(i));
            // JobRunr's own enqueue(Stream) saves in batches of 5,000
            if (batch.size() == 5000 || i == count - 1) {
                storage.save(batch);
                batch = new ArrayList<>(5000);
            }
        }
    }

    @Override
    public UUID enqueueOne(Priority priority) {
        Job job = newJob(0);
        recorder.enqueued.put(job.getId(), System.nanoTime());
        storage.save(job);
        return job.getId();
    }

    private BackgroundJobServer newServer() {
        var handler = new NoOpHandler();
        JobActivator activator = new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.cast(handler);
            }
        };
        return new BackgroundJobServer(
                storage,
                json,
                activator,
                usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(16)
                        .andPollIntervalInSeconds(5));
    }

    @Override
    public void startWorker() {
        server = newServer();
        server.start();
    }

    @Override
    public void stopWorker() {
        if (server != null) server.stop();
        server = null;
    }

    @Override
    public void clear() {
        db.clear();
        recorder.reset();
    }

    @Override
    public void fill(int count) {
        Job template = newJob(0);
        storage.save(template);
        db.fillFrom(template.getId().toString(), count - 1);
    }

    @Override
    public Duration timeOneFetch(int limit) {
        var idle = newServer();
        long start = System.nanoTime();
        storage.getJobsToProcess(idle, ascOnUpdatedAt(limit));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        stopWorker();
        storage.close();
    }
}
