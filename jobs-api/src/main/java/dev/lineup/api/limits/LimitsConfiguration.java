package dev.lineup.api.limits;

import dev.lineup.api.auth.AuthFailures;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.time.Clock;

/** The jobs API's limits on producers and on clients that fail to authenticate. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiLimits.class)
class LimitsConfiguration {

    @Bean(destroyMethod = "close")
    ApiQuotas apiQuotas(ApiLimits limits, JdbcClient jdbc, Clock clock) {
        return new ApiQuotas(limits, jdbc, clock);
    }

    @Bean
    FilterRegistrationBean<RequestLimitFilter> lineupRequestLimitFilter(
            ApiQuotas quotas, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        var registration = new FilterRegistrationBean<>(new RequestLimitFilter(quotas, problems));
        registration.addUrlPatterns("/api/*");
        registration.setName("lineupRequestLimitFilter");
        // after the API key filter, which names the producer
        registration.setOrder(AuthFailures.FILTER_ORDER + 1);
        return registration;
    }
}
