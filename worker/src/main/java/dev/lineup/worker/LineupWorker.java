package dev.lineup.worker;

import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.JobRunner;
import dev.lineup.engine.LineupEngine;
import dev.lineup.engine.run.JobExecution;
import dev.lineup.worker.producer.ProducerDefaults;
import dev.lineup.worker.webhook.WebhookSigner;
import jakarta.validation.Validator;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

import java.util.List;

/**
 * The worker: JobRunr's background job server (switched on in {@code lineup-worker.properties})
 * and one {@link JobHandler} per job type, with the email, SMS and webhook providers they use.
 */
@Configuration(proxyBeanMethods = false)
@Import(LineupEngine.class)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@PropertySource("classpath:lineup-worker.properties")
@EnableConfigurationProperties({WorkerProperties.class, ProducerDefaults.class, WebhookSigner.class})
public class LineupWorker {

    /**
     * The handler class every stored Lineup job names; JobRunr asks the context for it by type.
     * It refuses to start when a job type in the catalog has no handler bean, and checks each
     * payload against its record's rules again before the handler gets it.
     */
    @Bean
    JobRunner jobRunner(List<JobHandler<?>> handlers, Validator validator) {
        return new JobRunner(new JobExecution(handlers, validator));
    }
}
