package dev.lineup.api;

import dev.lineup.engine.LineupEngine;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The REST API producers enqueue, read and cancel jobs through. Import it into any Spring Boot
 * app; {@link JobsApiApplication} runs it on its own.
 *
 * <p>Scanned beans are named by their fully qualified class name, so the standalone app, which
 * imports every Lineup app into one context, cannot meet two beans called {@code jobsController}.
 */
@Configuration(proxyBeanMethods = false)
@Import(LineupEngine.class)
@ComponentScan(
        nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@PropertySource("classpath:lineup-api.properties")
@EnableConfigurationProperties(ApiProperties.class)
public class LineupJobsApi {}
