package dev.lineup.scheduler;

import dev.lineup.engine.LineupEngine;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The scheduler: recurring jobs declared in {@code lineup.scheduler.schedules}, reconciled into
 * JobRunr when the app is ready. Imported by {@link SchedulerApplication} and by the standalone app.
 */
@Configuration(proxyBeanMethods = false)
@Import(LineupEngine.class)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@PropertySource("classpath:lineup-scheduler.properties")
@EnableConfigurationProperties(SchedulerProperties.class)
public class LineupScheduler {}
