package dev.lineup.testing;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Points a Spring context at a fresh database on the test PostgreSQL server:
 * {@code @ContextConfiguration(initializers = TestDatabase.class)}.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("testDatabase", properties(TestPostgres.newDatabase())));
    }

    public static Map<String, Object> properties(String jdbcUrl) {
        return Map.of(
                "spring.datasource.url",
                jdbcUrl,
                "spring.datasource.username",
                TestPostgres.USER,
                "spring.datasource.password",
                "");
    }
}
