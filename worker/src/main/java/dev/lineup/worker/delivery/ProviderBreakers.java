package dev.lineup.worker.delivery;

import dev.lineup.core.run.PermanentFailure;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One circuit breaker per channel and provider ({@code sms.twilio}, {@code email.smtp},
 * {@code sms.sandbox}, ...), and the one retry that is safe within an attempt. Keyed by channel
 * too, so that a provider name used by two channels (the sandbox) does not let one channel's
 * failures stop the other.
 *
 * <p>The breaker counts transient failures only: a {@link PermanentFailure} (an invalid number,
 * a refused recipient) says nothing about the provider's health, nor does {@link ProviderThrottled}
 * (the provider asks us to slow down; it is up). Both are neither success nor failure to it.
 * While it is open, calls fail at once with {@link ProviderUnavailable} and the job comes back
 * with Lineup's backoff.
 *
 * <p>A call is tried again at once only when a {@link ConnectException} is in its chain of
 * causes: the provider refused the connection, so it never saw the message. A timeout, a 5xx
 * or a 429 may have reached it, and trying again within the attempt would pile on a provider
 * in trouble; those wait for the job's retry.
 */
class ProviderBreakers {

    private static final Logger log = LoggerFactory.getLogger(ProviderBreakers.class);

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;

    ProviderBreakers(
            DeliveryProperties.Breaker breaker,
            int connectRetries,
            Duration connectRetryWait,
            Clock clock,
            MeterRegistry meters) {
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.window())
                .minimumNumberOfCalls(breaker.minCalls())
                .failureRateThreshold(breaker.failureRate())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .ignoreExceptions(PermanentFailure.class, ProviderThrottled.class)
                .clock(clock)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(1 + connectRetries)
                .waitDuration(connectRetryWait)
                .retryOnException(ProviderBreakers::refusedConnection)
                .build());
        breakers.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker circuitBreaker = added.getAddedEntry();
            circuitBreaker.getEventPublisher().onStateTransition(event -> {
                String from = word(event.getStateTransition().getFromState());
                String to = word(event.getStateTransition().getToState());
                log.info("Circuit breaker for {} went from {} to {}", circuitBreaker.getName(), from, to);
                Counter.builder("lineup.circuit.breaker.transitions")
                        .description("Changes of a provider's circuit breaker state")
                        .tags(
                                "channel",
                                circuitBreaker.getTags().getOrDefault("channel", ""),
                                "provider",
                                circuitBreaker.getTags().getOrDefault("provider", ""),
                                "from",
                                from,
                                "to",
                                to)
                        .register(meters)
                        .increment();
            });
        });
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /**
     * Makes the call through the breaker of {@code channel} and {@code provider}, trying again
     * when the connection was refused.
     *
     * @throws ProviderUnavailable when the breaker is open; the provider was not called
     */
    String call(Channel channel, String provider, ProviderCall call) throws Exception {
        CircuitBreaker breaker = breaker(channel, provider);
        CheckedSupplier<String> guarded = CircuitBreaker.decorateCheckedSupplier(breaker, call::send);
        try {
            return Retry.decorateCheckedSupplier(retries.retry(breaker.getName(), breaker.getTags()), guarded)
                    .get();
        } catch (CallNotPermittedException e) {
            throw new ProviderUnavailable(breaker.getName(), e);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The breaker named {@code channel.provider}, tagged with both for the metrics. */
    CircuitBreaker breaker(Channel channel, String provider) {
        return breakers.circuitBreaker(
                channel.word() + "." + provider, Map.of("channel", channel.word(), "provider", provider));
    }

    /** Whether the provider provably never saw the message: it refused the connection. */
    static boolean refusedConnection(Throwable failure) {
        // bounded: a chain of causes can loop
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof ConnectException) return true;
        }
        return false;
    }

    private static String word(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
