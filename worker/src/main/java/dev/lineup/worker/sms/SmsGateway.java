package dev.lineup.worker.sms;

import dev.lineup.core.run.RunContext;

import java.time.Instant;
import java.util.Optional;

/**
 * Delivers a text message: {@link TwilioSmsGateway} through Twilio, {@link SandboxSmsGateway}
 * into the sandbox table. Chosen by {@code lineup.worker.sms.provider}.
 *
 * <p>Throws {@link dev.lineup.core.run.PermanentFailure} when retrying cannot help (an invalid
 * or unsubscribed number), anything else to have the job retried, keeping the cause: delivery
 * retries at once only when the chain shows the connection was refused.
 */
interface SmsGateway {

    /** The provider's name for delivery's rules: {@code twilio} or {@code sandbox}. */
    String provider();

    /** Who messages are sent as when the job's producer has no sender of its own. */
    String defaultSender();

    /** Sends the message; returns the provider's id for it, e.g. Twilio's message SID. */
    String send(SmsMessage message, RunContext run) throws Exception;

    /**
     * The provider's id for this message when it took it at or after {@code since}; empty when it
     * did not. Asked before sending again over the claim of a run that died mid-call.
     */
    Optional<String> sentSince(SmsMessage message, RunContext run, Instant since) throws Exception;
}
