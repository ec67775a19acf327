package dev.lineup.worker.delivery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The send rates. (Skeleton: no limits yet.) */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimits rateLimits() {
        return RateLimits.none();
    }
}
