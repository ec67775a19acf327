package dev.lineup.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The send rates, shared by all workers through Redis when {@code LINEUP_REDIS_URL} is set. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    /** Closed with the context, which shuts down the Redis client. */
    @Bean
    ClusterRateLimits rateLimits(RateLimitProperties properties, Clock clock, MeterRegistry registry) {
        return new ClusterRateLimits(properties, clock, registry);
    }
}
