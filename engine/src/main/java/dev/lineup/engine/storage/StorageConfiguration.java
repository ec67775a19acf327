package dev.lineup.engine.storage;

import dev.lineup.engine.deadletter.Quarantine;
import dev.lineup.engine.dispatch.DispatchProperties;
import dev.lineup.engine.dispatch.ExpiredJobs;
import dev.lineup.engine.dispatch.PriorityStorageProvider;
import dev.lineup.engine.dispatch.ProducerLimits;
import dev.lineup.engine.dispatch.StartLatency;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * JobRunr on PostgreSQL, with Lineup's own tables beside it.
 *
 * <p>Order matters at startup: JobRunr creates or upgrades its tables first (with its own
 * migrations and lock), then Flyway applies Lineup's migrations, which add the priority column,
 * its trigger and the dispatch index to {@code jobrunr_jobs} and create Lineup's own tables.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /**
     * Jackson 3, the mapper Spring Boot 4 ships. JobRunr's own factory would look for Jackson 2
     * first and find none.
     */
    @Bean(name = "jobRunrJsonMapper")
    JsonMapper jobRunrJsonMapper() {
        return new Jackson3JsonMapper();
    }

    /** JobRunr's PostgreSQL storage, fetching by priority and skipping expired jobs; see {@link PriorityStorageProvider}. */
    @Bean(name = "storageProvider", destroyMethod = "close")
    StorageProvider storageProvider(
            DataSource dataSource,
            JobMapper jobMapper,
            DispatchProperties dispatch,
            ProducerLimits producerLimits,
            Clock clock,
            StartLatency startLatency,
            ExpiredJobs expiredJobs) {
        var storageProvider = new PriorityStorageProvider(dataSource, dispatch, clock, startLatency, expiredJobs);
        storageProvider.setProducerLimits(producerLimits);
        storageProvider.setJobMapper(jobMapper);
        return storageProvider;
    }

    /** The storage's quarantine of poison jobs, counted as {@code lineup.jobs.quarantined}. */
    @Bean
    Quarantine quarantine(StorageProvider storageProvider, MeterRegistry registry) {
        Quarantine quarantine = ((PriorityStorageProvider) storageProvider).quarantine();
        FunctionCounter.builder("lineup.jobs.quarantined", quarantine, Quarantine::count)
                .description("Stored jobs that could not be read or loaded, moved to the dead letters unrun")
                .register(registry);
        return quarantine;
    }

    /** Runs Lineup's migrations only once JobRunr's tables exist, since some alter them. */
    @Bean
    FlywayMigrationStrategy migrateAfterJobRunr(StorageProvider jobRunrTablesReady) {
        return flyway -> flyway.migrate();
    }
}
