package dev.lineup.bench;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.JobRunner;
import dev.lineup.core.run.LineupJob;
import dev.lineup.core.run.RunContext;
import dev.lineup.engine.dispatch.DispatchProperties;
import dev.lineup.engine.dispatch.DueJobsPromoter;
import dev.lineup.engine.dispatch.LineupBackgroundJobServer;
import dev.lineup.engine.dispatch.LineupServerBuilder;
import dev.lineup.engine.dispatch.PriorityStorageProvider;
import dev.lineup.engine.dispatch.ReadyJobsListener;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.engine.run.JobExecution;
import jakarta.validation.Validation;
import org.flywaydb.core.Flyway;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;
import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/** Lineup's dispatch on the same JobRunr: priority fetch, LISTEN/NOTIFY wake-ups, due jobs every second. */
final class LineupSubject implements Subject {

    private final Database db;
    private final Recorder recorder = new Recorder();
    private final PriorityStorageProvider storage;
    private final Enqueuer enqueuer;
    private final Jackson3JsonMapper json = new Jackson3JsonMapper();
    private final JobRunner runner;
    private LineupBackgroundJobServer server;
    private ReadyJobsListener listener;
    private DueJobsPromoter promoter;

    LineupSubject(Database db) {
        this.db = db;
        this.storage = new PriorityStorageProvider(
                db.dataSource, DispatchProperties.defaults(), Clock.systemUTC(), (p, j) -> {}, j -> {});
        storage.setJobMapper(new JobMapper(json));
        Flyway.configure()
                .dataSource(db.dataSource)
                .table("lineup_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        this.enqueuer = new Enqueuer(db.dataSource, new JobMapper(json), Clock.systemUTC());
        JobHandler<SendSms> sms = new JobHandler<>() {
            @Override
            public Class<SendSms> jobClass() {
                return SendSms.class;
            }

            @Override
            public void handle(SendSms job, RunContext context) {
                recorder.start(context.jobId());
            }
        };
        this.runner = new JobRunner(new JobExecution(
                List.of(sms, noop(SendEmail.class), noop(CallWebhook.class), noop(DailyReport.class)),
                Validation.buildDefaultValidatorFactory().getValidator()));
    }

    private static <J extends LineupJob> JobHandler<J> noop(Class<J> type) {
        return new JobHandler<>() {
            @Override
            public Class<J> jobClass() {
                return type;
            }

            @Override
            public void handle(J job, RunContext context) {}
        };
    }

    @Override
    public String name() {
        return "Lineup";
    }

    @Override
    public Recorder recorder() {
        return recorder;
    }

    private static NewJob newJob(Priority priority) {
        return new NewJob(JobIds.random(), new SendSms("+14155550123", "bench"), priority, "bench", null);
    }

    @Override
    public void enqueueBatch(int count, Priority priority) {
        List<NewJob> batch = new ArrayList<>(1000);
        for (int i = 0; i < count; i++) {
            batch.add(newJob(priority));
            // the API's largest batch
            if (batch.size() == 1000 || i == count - 1) {
                enqueuer.enqueueAll(batch);
                batch = new ArrayList<>(1000);
            }
        }
    }

    @Override
    public UUID enqueueOne(Priority priority) {
        NewJob job = newJob(priority);
        recorder.enqueued.put(job.id(), System.nanoTime());
        enqueuer.enqueue(job);
        return job.id();
    }

    private LineupBackgroundJobServer newServer() {
        return LineupServerBuilder.on(storage, runner)
                .jsonMapper(json)
                .configuration(usingStandardBackgroundJobServerConfiguration()
                        .andWorkerCount(16)
                        .andPollIntervalInSeconds(5))
                .build();
    }

    @Override
    public void startWorker() {
        server = newServer();
        server.start();
        listener = new ReadyJobsListener(db.dataSource, server::wakeUp);
        listener.start();
        promoter = new DueJobsPromoter(server, storage, Clock.systemUTC(), Duration.ofSeconds(1), j -> {});
        promoter.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listener.isListening() && System.nanoTime() < deadline) Thread.onSpinWait();
    }

    @Override
    public void stopWorker() {
        if (server == null) return;
        promoter.stop();
        listener.stop();
        server.stop();
        server = null;
    }

    @Override
    public void clear() {
        db.clear();
        recorder.reset();
    }

    @Override
    public void fill(int count) {
        NewJob template = newJob(Priority.NORMAL);
        enqueuer.enqueue(template);
        db.fillFrom(template.id().toString(), count - 1);
    }

    @Override
    public boolean spreadOverProducers(int producers) {
        db.jdbc
                .sql(
                        "update jobrunr_jobs set lineup_producer = 'producer-' || (abs(hashtext(id)) % :n) where state = 'ENQUEUED'")
                .param("n", producers)
                .update();
        db.jdbc.sql("analyze jobrunr_jobs").update();
        return true;
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
