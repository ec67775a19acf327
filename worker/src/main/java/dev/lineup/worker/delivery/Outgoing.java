package dev.lineup.worker.delivery;

import java.time.ZoneId;
import java.util.Objects;

/**
 * One message about to be handed to a provider, as delivery's rules see it: the rate limits
 * key on provider and sender, the recipient cap and quiet hours on the recipient.
 *
 * @param channel       email or SMS
 * @param provider      the provider's name: {@code smtp}, {@code twilio}, {@code sandbox}
 * @param sender        who it is sent as: a From address, a phone number, a messaging-service SID
 * @param recipient     the address or E.164 number it goes to
 * @param recipientZone the recipient's time zone, for quiet hours
 */
public record Outgoing(Channel channel, String provider, String sender, String recipient, ZoneId recipientZone) {

    public Outgoing {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(recipientZone, "recipientZone");
    }
}
