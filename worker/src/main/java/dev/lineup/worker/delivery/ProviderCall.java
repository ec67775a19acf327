package dev.lineup.worker.delivery;

/**
 * The one call that hands a message to a provider. Returns the provider's id for it (Twilio's
 * message SID, the email's Message-ID). Throws {@link dev.lineup.core.run.PermanentFailure}
 * when retrying cannot help, anything else when it can.
 */
@FunctionalInterface
public interface ProviderCall {

    String send() throws Exception;
}
