package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/** Real JobRunr background job servers with Lineup's dispatch, built by hand so one test can run several. */
final class TestWorkers implements AutoCloseable {

    static final String PHONE = "+14155550123";

    private final DataSource dataSource;
    private final Enqueuer enqueuer;
    final GatedJobs jobs = new GatedJobs();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ExpiredJobs expired = new ExpiredJobs(meters);
    private final List<LineupBackgroundJobServer> servers = new ArrayList<>();
    private final List<ReadyJobsListener> listeners = new ArrayList<>();

    TestWorkers(DataSource dataSource, Enqueuer enqueuer) {
        this.dataSource = dataSource;
        this.enqueuer = enqueuer;
    }

    PriorityStorageProvider storage(DispatchProperties dispatch, Clock clock) {
        return storage(dispatch, clock, ProducerLimits.none());
    }

    PriorityStorageProvider storage(DispatchProperties dispatch, Clock clock, ProducerLimits limits) {
        var storage = new PriorityStorageProvider(dataSource, dispatch, clock, (priority, job) -> {}, expired);
        storage.setProducerLimits(limits);
        storage.setJobMapper(new JobMapper(new Jackson3JsonMapper()));
        return storage;
    }

    /** A server with this many threads and dispatch settings; it polls every {@code poll} and retries as the worker does. */
    LineupBackgroundJobServer server(int threads, DispatchProperties dispatch, Duration poll) {
        return server(threads, dispatch, poll, ProducerLimits.none());
    }

    LineupBackgroundJobServer server(int threads, DispatchProperties dispatch, Duration poll, ProducerLimits limits) {
        var server = LineupServerBuilder.on(storage(dispatch, Clock.systemUTC(), limits), jobs.runner())
                .configuration(usingStandardBackgroundJobServerConfiguration()
                        .andName("test-worker-" + servers.size())
                        .andWorkerCount(threads)
                        .andPollInterval(poll)
                        .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(Duration.ofSeconds(1)))
                .build();
        servers.add(server);
        return server;
    }

    /** A scheduler's job server, polling every {@code poll}: it takes no jobs and is preferred as master. */
    LineupBackgroundJobServer scheduler(Duration poll) {
        var server = LineupServerBuilder.on(storage(DispatchProperties.defaults(), Clock.systemUTC()), jobs.runner())
                .runsJobs(false)
                .scheduler(true)
                .configuration(usingStandardBackgroundJobServerConfiguration()
                        .andName("test-scheduler-" + servers.size())
                        .andPollInterval(poll)
                        .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(Duration.ofSeconds(1)))
                .build();
        servers.add(server);
        return server;
    }

    ReadyJobsListener listen(LineupBackgroundJobServer server) {
        var listener = new ReadyJobsListener(dataSource, server::wakeUp);
        listeners.add(listener);
        listener.start();
        return listener;
    }

    /** A promoter whose clock stands still at {@code now}: a far-future one makes every scheduled job due. */
    DueJobsPromoter promoter(LineupBackgroundJobServer server, Instant now) {
        return new DueJobsPromoter(
                server, server.getStorageProvider(), Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(1), expired);
    }

    /** How many jobs of this type were deleted as expired. */
    double expiredCount(String type) {
        return meters.get("lineup.jobs.expired").tag("type", type).counter().count();
    }

    UUID enqueue(Priority priority, String name) {
        return enqueue(new NewJob(JobIds.random(), new SendSms(PHONE, name), priority, "test", null));
    }

    UUID enqueue(NewJob job) {
        enqueuer.enqueue(job);
        return job.id();
    }

    @Override
    public void close() {
        jobs.open();
        listeners.forEach(ReadyJobsListener::stop);
        servers.forEach(s -> {
            if (s.isRunning()) s.stop();
        });
    }
}
