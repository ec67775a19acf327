package dev.lineup.engine.deadletter;

import dev.lineup.engine.enqueue.Enqueuer;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * Dead letters for every app that imports {@code LineupEngine} (found by its configuration scan):
 * the queries, the actions the API and the dashboard offer, and the per-type gauge.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetters deadLetters(JdbcClient jdbcClient, JobMapper jobMapper) {
        return new DeadLetters(jdbcClient, jobMapper);
    }

    @Bean
    DeadLetterActions deadLetterActions(
            DeadLetters deadLetters,
            Enqueuer enqueuer,
            StorageProvider storageProvider,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new DeadLetterActions(
                deadLetters, enqueuer, storageProvider, new TransactionTemplate(transactionManager), clock);
    }

    @Bean
    DeadLetterCounts deadLetterCounts(DeadLetters deadLetters, Clock clock) {
        return new DeadLetterCounts(deadLetters, clock);
    }
}
