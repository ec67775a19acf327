package dev.lineup.worker.delivery;

/**
 * A provider's circuit breaker is open: recent calls to it failed too often, so this one was
 * not made. A transient failure: the job comes back with Lineup's retry backoff, by which time
 * the breaker has let a few calls through to test the provider.
 */
public final class ProviderUnavailable extends RuntimeException {

    /** @param breaker the breaker's name, {@code channel.provider} (e.g. {@code sms.twilio}) */
    ProviderUnavailable(String breaker, Throwable cause) {
        super("circuit breaker for " + breaker + " is open; retrying with backoff", cause);
    }
}
