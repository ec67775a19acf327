package dev.lineup.core;

import dev.lineup.core.catalog.PayloadReader;
import dev.lineup.core.email.EmailTemplates;
import dev.lineup.core.enqueue.Enqueuer;
import dev.lineup.core.queue.QueueMetrics;
import dev.lineup.core.queue.QueueStats;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;
import org.jobrunr.jobs.mappers.JobMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * What every Lineup app shares: JobRunr on PostgreSQL, Lineup's migrations, the enqueuer.
 * Each app imports it; its defaults live in {@code lineup-core.properties}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = LineupCore.class, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(Configuration.class))
@PropertySource("classpath:lineup-core.properties")
public class LineupCore {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Enqueuer enqueuer(DataSource dataSource, JobMapper jobMapper, Clock clock) {
        return new Enqueuer(dataSource, jobMapper, clock);
    }

    @Bean
    QueueStats queueStats(JdbcClient jdbcClient, Clock clock) {
        return new QueueStats(jdbcClient, clock);
    }

    @Bean
    QueueMetrics queueMetrics(QueueStats queueStats) {
        return new QueueMetrics(queueStats);
    }

    /** Compiled here, at startup, so a missing or broken template stops the app. */
    @Bean
    EmailTemplates emailTemplates() {
        return new EmailTemplates();
    }

    @Bean
    PayloadReader payloadReader(JsonMapper jsonMapper, Validator validator) {
        return new PayloadReader(jsonMapper, validator);
    }
}
