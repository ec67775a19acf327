package dev.lineup.worker.delivery;

import java.io.IOException;

/**
 * The provider asks us to slow down (e.g. Twilio's 429). A transient failure the job's retry
 * handles, but not one its circuit breaker counts: a provider that throttles (during a spike, or
 * while the rate limits run on their local fallback) is healthy, and counting it would open the
 * breaker for every message of the channel.
 */
public class ProviderThrottled extends IOException {

    /** @param cause the provider client's own exception, kept for the logs */
    public ProviderThrottled(String message, Throwable cause) {
        super(message, cause);
    }
}
