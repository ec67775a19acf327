package dev.lineup.engine.dispatch;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.spring.autoconfigure.JobRunrProperties;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The worker side of dispatch: JobRunr's background job server made wakeable, woken by
 * PostgreSQL notifications, with due jobs moved to the ready set about once a second and failed
 * jobs retried after their type's backoff with full jitter. Active where JobRunr's server is
 * ({@code jobrunr.background-job-server.enabled=true}): the worker, whose server runs jobs
 * ({@code lineup.dispatch.runs-jobs=true}), and the scheduler, whose server takes the master's
 * duties ({@code lineup.dispatch.scheduler=true}) and, without the worker beside it, no jobs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DispatchProperties.class, ProducerLimits.class})
class DispatchConfiguration {

    /** Set by the worker's own properties: this app's job server runs jobs. */
    static final String RUNS_JOBS = "lineup.dispatch.runs-jobs";
    /** Set by the scheduler's own properties: this app's job server is the preferred master. */
    static final String SCHEDULER = "lineup.dispatch.scheduler";

    @Bean
    StartLatency startLatency(MeterRegistry registry, Clock clock) {
        return new StartLatency(registry, clock);
    }

    @Bean
    ExpiredJobs expiredJobs(MeterRegistry registry) {
        return new ExpiredJobs(registry);
    }

    /** Replaces the starter's server with the wakeable one, configured the same way. */
    @Bean
    @ConditionalOnProperty(prefix = "jobrunr.background-job-server", name = "enabled", havingValue = "true")
    LineupBackgroundJobServer backgroundJobServer(
            StorageProvider storageProvider,
            @Qualifier("jobRunrJsonMapper") JsonMapper jobRunrJsonMapper,
            JobActivator jobActivator,
            BackgroundJobServerConfiguration configuration,
            JobRunrProperties properties,
            MeterRegistry registry,
            DispatchProperties dispatch,
            ApplicationEventPublisher events,
            Environment environment) {
        // JobRunr's default number of retries covers only jobs stored without their own
        var server = LineupServerBuilder.on(storageProvider, jobActivator)
                .jsonMapper(jobRunrJsonMapper)
                .configuration(configuration)
                .defaultRetries(properties.getJobs().getDefaultNumberOfRetries())
                .countOutcomesIn(new JobOutcomes(registry))
                .runsJobs(environment.getProperty(RUNS_JOBS, Boolean.class, false))
                .scheduler(environment.getProperty(SCHEDULER, Boolean.class, false))
                .build();
        // a server that cannot come back makes liveness DOWN, so the platform restarts the process
        server.whenStoppedForGood(
                dispatch.giveUpAfter(), () -> AvailabilityChangeEvent.publish(events, server, LivenessState.BROKEN));
        return server;
    }

    @Bean
    @ConditionalOnProperty(prefix = "jobrunr.background-job-server", name = "enabled", havingValue = "true")
    DueJobsPromoter dueJobsPromoter(
            BackgroundJobServer server,
            StorageProvider storageProvider,
            Clock clock,
            DispatchProperties properties,
            ExpiredJobs expiredJobs) {
        return new DueJobsPromoter(server, storageProvider, clock, properties.dueCheckInterval(), expiredJobs);
    }

    @Bean
    @ConditionalOnProperty(
            name = {"jobrunr.background-job-server.enabled", "lineup.dispatch.listen", RUNS_JOBS},
            havingValue = "true")
    ReadyJobsListener readyJobsListener(
            DataSource dataSource, LineupBackgroundJobServer server, MeterRegistry registry) {
        var listener = new ReadyJobsListener(dataSource, server::wakeUp);
        Gauge.builder("lineup.dispatch.listening", listener, l -> l.isListening() ? 1 : 0)
                .description("1 while this worker listens for ready jobs, 0 while it falls back to polling")
                .register(registry);
        FunctionCounter.builder("lineup.dispatch.wakeups", listener, ReadyJobsListener::wakeUps)
                .description("Fetches started by a ready-job notification")
                .register(registry);
        FunctionCounter.builder("lineup.dispatch.reconnects", listener, ReadyJobsListener::reconnects)
                .description("Times the listening connection was made again after it dropped")
                .register(registry);
        return listener;
    }
}
