package dev.lineup.engine;

import dev.lineup.core.catalog.PayloadReader;
import dev.lineup.core.email.EmailTemplates;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.queue.QueueMetrics;
import dev.lineup.engine.queue.QueueStats;
import jakarta.validation.Validator;
import org.jobrunr.jobs.mappers.JobMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * What every Lineup app shares: JobRunr on PostgreSQL, Lineup's migrations, the enqueuer.
 * Each app imports it; its defaults live in {@code lineup-engine.properties}.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
        basePackageClasses = LineupEngine.class,
        useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(Configuration.class))
@PropertySource("classpath:lineup-engine.properties")
public class LineupEngine {

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
