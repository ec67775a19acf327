package dev.lineup.worker.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * Asks a provider whether it took a message already: what a run does before sending again over
 * the claim of a run that died in the middle of its call. Twilio answers from its Messages list;
 * SMTP has nothing to ask.
 */
@FunctionalInterface
public interface ProviderLookup {

    /**
     * The provider's id for the message when it took it at or after {@code since} (the dead run's
     * claim, made just before its call); empty when it did not. Throws when it cannot tell.
     */
    Optional<String> sentSince(Instant since) throws Exception;
}
