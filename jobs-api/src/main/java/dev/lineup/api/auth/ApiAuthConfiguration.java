package dev.lineup.api.auth;

import dev.lineup.api.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.OptionalLong;

/**
 * API keys on every {@code /api/**} request; actuator endpoints stay open for probes and
 * Prometheus. Controllers get the caller as a {@link Producer} parameter.
 */
@Configuration(proxyBeanMethods = false)
class ApiAuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiAuthConfiguration.class);

    @Bean
    ApiKeys lineupApiKeys(ApiProperties properties) {
        ApiKeys keys = ApiKeys.parse(properties.keys()).withOperators(properties.operators());
        if (keys.isEmpty()) {
            log.warn("No API keys are configured, so every call to /api/** will be refused with 401. "
                    + "Set LINEUP_API_KEYS=producer:key,producer2:key2.");
        } else {
            log.info("API keys configured for producers {}; operators: {}", keys.producers(), keys.operators());
        }
        return keys;
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> lineupApiKeyFilter(
            ApiKeys keys,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
            ObjectProvider<AuthFailures> failures) {
        var registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(keys, problems, failures.getIfAvailable(() -> address -> OptionalLong.empty())));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(AuthFailures.FILTER_ORDER);
        registration.setName("lineupApiKeyFilter");
        return registration;
    }

    @Bean
    WebMvcConfigurer lineupApiProducerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new ProducerResolver());
            }
        };
    }

    private static final class ProducerResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Producer.class;
        }

        @Override
        public Producer resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer mavContainer,
                NativeWebRequest request,
                WebDataBinderFactory binderFactory) {
            Object producer = request.getAttribute(Producer.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            if (producer == null) {
                // fail closed: a controller outside /api/** asked for a caller nobody authenticated
                throw new IllegalStateException(
                        "No authenticated producer: " + parameter.getExecutable() + " is outside /api/**");
            }
            return (Producer) producer;
        }
    }
}
