package dev.lineup.scheduler.recurring;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.JobRunner;
import dev.lineup.core.run.LineupJob;
import dev.lineup.core.run.RunContext;
import dev.lineup.engine.dispatch.DueJobsPromoter;
import dev.lineup.engine.dispatch.LineupBackgroundJobServer;
import dev.lineup.engine.dispatch.LineupServerBuilder;
import dev.lineup.engine.dispatch.ReadyJobsListener;
import dev.lineup.engine.run.JobExecution;
import dev.lineup.scheduler.SchedulerApplication;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import jakarta.validation.Validation;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

/**
 * A configured schedule taken all the way to a finished job on a real job server: the job
 * JobRunr makes from the schedule carries its type's attempts, labels and priority, exactly as
 * an enqueued job of that type does.
 */
class ScheduledJobAttemptsTest {

    private ConfigurableApplicationContext scheduler;
    private LineupBackgroundJobServer server;
    private ReadyJobsListener listener;

    @AfterEach
    void stop() {
        if (listener != null) listener.stop();
        if (server != null && server.isRunning()) server.stop();
        if (scheduler != null) scheduler.close();
    }

    @Test
    void aScheduledDailyReportThatAlwaysFailsRunsExactlyItsTypesAttempts() {
        String database = TestPostgres.newDatabase();
        scheduler = new SpringApplicationBuilder(SchedulerApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> {
                    var sources = context.getEnvironment().getPropertySources();
                    sources.addFirst(new MapPropertySource("testDatabase", TestDatabase.properties(database)));
                    sources.addFirst(new MapPropertySource(
                            "testSchedules",
                            Map.of(
                                    "lineup.scheduler.schedules[0].id", "daily-report",
                                    "lineup.scheduler.schedules[0].cron", "0 7 * * *",
                                    "lineup.scheduler.schedules[0].type", "report.daily",
                                    "lineup.scheduler.schedules[0].producer", "ops")));
                })
                .run();
        StorageProvider storage = scheduler.getBean(StorageProvider.class);

        server = LineupServerBuilder.on(
                        storage,
                        new JobRunner(new JobExecution(
                                List.of(
                                        new AlwaysFailingReport(),
                                        noop(SendEmail.class),
                                        noop(SendSms.class),
                                        noop(CallWebhook.class)),
                                Validation.buildDefaultValidatorFactory().getValidator())))
                .configuration(usingStandardBackgroundJobServerConfiguration()
                        .andName("schedule-test-worker")
                        .andWorkerCount(1)
                        .andPollInterval(Duration.ofSeconds(5))
                        .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(Duration.ofSeconds(1)))
                // every retry due at once, so the test never waits through a backoff
                .random(() -> 0L)
                .build();
        server.start();
        listener = new ReadyJobsListener(scheduler.getBean(DataSource.class), server::wakeUp);
        listener.start();
        var promoter = new DueJobsPromoter(
                server,
                storage,
                Clock.fixed(Instant.now().plus(Duration.ofDays(1)), ZoneOffset.UTC),
                Duration.ofSeconds(1),
                job -> {});

        // what JobRunr does at 07:00 (and the dashboard's "trigger now"): a job made from the schedule
        RecurringJob schedule = storage.getRecurringJobs().stream()
                .filter(r -> r.getId().equals("daily-report"))
                .findFirst()
                .orElseThrow();
        Job fromSchedule = storage.save(schedule.toEnqueuedJob());

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Job job = storage.getJobById(fromSchedule.getId());
            if (job.hasState(StateName.SCHEDULED)) promoter.promoteDueJobs();
            return job.hasState(StateName.FAILED);
        });

        Job finished = storage.getJobById(fromSchedule.getId());
        int attempts = DailyReport.TYPE.retry().maxAttempts();
        assertThat(finished.getJobStatesOfType(ProcessingState.class))
                .as("runs")
                .hasSize(attempts);
        assertThat(finished.getAmountOfRetries()).isEqualTo(attempts - 1);
        assertThat(finished.getJobStatesOfType(FailedState.class))
                .as("failed runs")
                .hasSize(attempts);
        assertThat(JobLabels.parse(finished.getLabels()))
                .isEqualTo(new JobLabels(DailyReport.TYPE.name(), DailyReport.TYPE.defaultPriority(), "ops"));
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

    private static final class AlwaysFailingReport implements JobHandler<DailyReport> {
        @Override
        public Class<DailyReport> jobClass() {
            return DailyReport.class;
        }

        @Override
        public void handle(DailyReport job, RunContext context) {
            throw new IllegalStateException("report failed, attempt " + context.attempt());
        }
    }
}
