package dev.lineup.worker.delivery;

import dev.lineup.core.run.RunContext;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Every email and SMS goes through here on its way to a provider.
 * (Skeleton: the send ledger, quiet hours, recipient cap, rate limits and circuit breakers
 * come next.)
 */
@Component
public class Deliveries {

    private final RateLimits rateLimits;

    public Deliveries(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    /**
     * Sends the message once per job.
     *
     * @return the provider's id for the message, or empty when the job had sent it already
     */
    public Optional<String> deliver(Outgoing message, RunContext run, ProviderCall call) throws Exception {
        return Optional.of(call.send());
    }
}
