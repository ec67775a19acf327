package dev.lineup.worker.delivery;

import dev.lineup.core.run.PermanentFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The circuit breaker per provider and the retry within an attempt. The breaker reads the
 * injected clock, so "after the open duration" is a step of the test's clock, not a wait.
 */
class ProviderBreakersTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-06-10T12:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Opens when half of the last 4 calls failed, once 4 were made; stays open 30 s. */
    private final ProviderBreakers breakers = new ProviderBreakers(
            new DeliveryProperties.Breaker(50, 4, 4, Duration.ofSeconds(30)), 2, Duration.ofMillis(1), clock, meters);

    private final AtomicInteger calls = new AtomicInteger();

    private ProviderCall failing(Exception failure) {
        return () -> {
            calls.incrementAndGet();
            throw failure;
        };
    }

    private final ProviderCall accepting = () -> "SM" + calls.incrementAndGet();

    private void failTimes(int times, Exception failure) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breakers.call(Channel.SMS, "twilio", failing(failure)))
                    .isSameAs(failure);
        }
    }

    @Test
    void opensAfterTheFailuresThenFailsFastWithoutCallingTheProvider() {
        failTimes(4, new IOException("503 Service Unavailable"));
        assertThat(breakers.breaker(Channel.SMS, "twilio").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        calls.set(0);
        assertThatThrownBy(() -> breakers.call(Channel.SMS, "twilio", accepting))
                .isInstanceOf(ProviderUnavailable.class)
                .hasMessage("circuit breaker for sms.twilio is open; retrying with backoff");
        assertThat(calls).hasValue(0);
    }

    @Test
    void halfOpensAfterTheOpenDurationAndClosesWhenTheProviderAnswers() throws Exception {
        failTimes(4, new IOException("503 Service Unavailable"));
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> breakers.call(Channel.SMS, "twilio", accepting))
                .isInstanceOf(ProviderUnavailable.class);

        clock.advance(Duration.ofSeconds(2));
        calls.set(0);
        assertThat(breakers.call(Channel.SMS, "twilio", accepting)).isEqualTo("SM1");
        assertThat(breakers.breaker(Channel.SMS, "twilio").getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breakers.call(Channel.SMS, "twilio", accepting);
        breakers.call(Channel.SMS, "twilio", accepting);
        assertThat(breakers.breaker(Channel.SMS, "twilio").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(calls).hasValue(3);

        assertThat(transitions("closed", "open")).isEqualTo(1);
        assertThat(transitions("open", "half_open")).isEqualTo(1);
        assertThat(transitions("half_open", "closed")).isEqualTo(1);
    }

    @Test
    void eachProviderHasItsOwnBreaker() throws Exception {
        failTimes(4, new IOException("503 Service Unavailable"));
        assertThat(breakers.call(Channel.EMAIL, "smtp", accepting)).startsWith("SM");
    }

    /** The sandbox serves email and SMS: a failing SMS sandbox must not stop email. */
    @Test
    void eachChannelOfOneProviderHasItsOwnBreaker() throws Exception {
        var outage = new IOException("503 Service Unavailable");
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breakers.call(Channel.SMS, "sandbox", failing(outage)))
                    .isSameAs(outage);
        }
        assertThat(breakers.breaker(Channel.SMS, "sandbox").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.call(Channel.EMAIL, "sandbox", accepting)).startsWith("SM");
        assertThat(breakers.breaker(Channel.EMAIL, "sandbox").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(meters.find("lineup.circuit.breaker.transitions")
                        .tag("channel", "sms")
                        .tag("provider", "sandbox")
                        .tag("from", "closed")
                        .tag("to", "open")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.find("lineup.circuit.breaker.transitions")
                        .tag("channel", "email")
                        .counter())
                .isNull();
    }

    /** A 429 says the provider is up and wants us slower: counting it would stop the whole channel. */
    @Test
    void throttlingSaysNothingAboutTheProvidersHealth() {
        failTimes(10, new ProviderThrottled("Twilio answered 429", new IOException("Too Many Requests")));
        assertThat(breakers.breaker(Channel.SMS, "twilio").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(calls).hasValue(10);
        assertThat(meters.find("resilience4j.circuitbreaker.calls")
                        .tag("name", "sms.twilio")
                        .tag("kind", "failed")
                        .timer()
                        .count())
                .isZero();
    }

    @Test
    void permanentFailuresSayNothingAboutTheProvidersHealth() {
        failTimes(10, new PermanentFailure("Twilio 400: invalid 'To' number"));
        assertThat(breakers.breaker(Channel.SMS, "twilio").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aRefusedConnectionIsTriedAgainWithinTheAttempt() throws Exception {
        ProviderCall refusedTwice = () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("could not reach api.twilio.com", new ConnectException("Connection refused"));
            }
            return "SM42";
        };
        assertThat(breakers.call(Channel.SMS, "twilio", refusedTwice)).isEqualTo("SM42");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aConnectionRefusedEveryTimeFailsAfterTheExtraTries() {
        var refused = new ConnectException("Connection refused");
        failTimes(1, refused);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailureThatMayHaveReachedTheProviderIsNotTriedAgainWithinTheAttempt() {
        failTimes(1, new IOException("503 Service Unavailable"));
        assertThat(calls).hasValue(1);
        calls.set(0);
        failTimes(1, new IOException("read timed out", new java.net.SocketTimeoutException("Read timed out")));
        assertThat(calls).hasValue(1);
    }

    @Test
    void theBreakersAndRetriesAreMetered() throws Exception {
        breakers.call(Channel.SMS, "twilio", accepting);
        assertThat(meters.find("resilience4j.circuitbreaker.state")
                        .tag("name", "sms.twilio")
                        .tag("state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(meters.find("resilience4j.circuitbreaker.calls")
                        .tag("name", "sms.twilio")
                        .tag("kind", "successful")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.find("resilience4j.retry.calls")
                        .tag("name", "sms.twilio")
                        .meters())
                .isNotEmpty();
    }

    private double transitions(String from, String to) {
        var counter = meters.find("lineup.circuit.breaker.transitions")
                .tag("channel", "sms")
                .tag("provider", "twilio")
                .tag("from", from)
                .tag("to", to)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
