package dev.lineup.dashboard;

import dev.lineup.engine.LineupEngine;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * JobRunr's dashboard on Lineup's database, behind basic auth, on its own port
 * ({@code lineup.dashboard.port}, 8000). Imported by {@link DashboardApplication} and by the
 * standalone app.
 *
 * <p>JobRunr's own dashboard switch ({@code jobrunr.dashboard.enabled}) stays off: its server
 * binds to every interface with no way to choose one, and compares passwords with
 * {@code String.equals}. {@link DashboardServer} serves the same JobRunr handlers instead.
 */
@Configuration(proxyBeanMethods = false)
@Import(LineupEngine.class)
@ComponentScan(
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@PropertySource("classpath:lineup-dashboard.properties")
@EnableConfigurationProperties(DashboardProperties.class)
public class LineupDashboard {

    @Bean
    @ConditionalOnBooleanProperty(name = "lineup.dashboard.enabled", matchIfMissing = true)
    DashboardServer lineupDashboardServer(
            DashboardProperties properties, StorageProvider storageProvider, JsonMapper jobRunrJsonMapper) {
        return new DashboardServer(properties, storageProvider, jobRunrJsonMapper, ClassUtils.getDefaultClassLoader());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "lineup.dashboard.enabled", matchIfMissing = true)
    DashboardAccess lineupDashboardAccess(DashboardServer lineupDashboardServer) {
        return lineupDashboardServer.access();
    }
}
