package dev.lineup.worker.producer;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.catalog.TimeZoneName;
import dev.lineup.core.job.PerProducer;
import dev.lineup.worker.WorkerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What each producer sends as, under {@code lineup.worker.producers}: its email From address,
 * its SMS sender (a phone number or a Twilio messaging-service SID) and the time zone its
 * recipients live in when a job names none. Each setting is a list of
 * {@code producer=value} pairs separated by {@code ;}, e.g.
 * {@code salon-bella=Salon Bella <hi@bella.example>;barber-joe=Joe's <joe@barber.example>}.
 * A producer not listed gets the provider's default.
 *
 * @param emailFrom {@code LINEUP_PRODUCER_EMAIL_FROM}
 * @param smsFrom   {@code LINEUP_PRODUCER_SMS_FROM}
 * @param timeZone  {@code LINEUP_PRODUCER_TIME_ZONE}
 */
@ConfigurationProperties("lineup.worker.producers")
public record ProducerDefaults(
        Map<String, String> emailFrom, Map<String, String> smsFrom, Map<String, ZoneId> timeZone) {

    @ConstructorBinding
    public ProducerDefaults(String emailFrom, String smsFrom, String timeZone) {
        this(
                pairs("LINEUP_PRODUCER_EMAIL_FROM", emailFrom, Function.identity()),
                pairs("LINEUP_PRODUCER_SMS_FROM", smsFrom, ProducerDefaults::smsSender),
                pairs("LINEUP_PRODUCER_TIME_ZONE", timeZone, ProducerDefaults::zone));
    }

    public ProducerDefaults {
        emailFrom = Map.copyOf(emailFrom);
        smsFrom = Map.copyOf(smsFrom);
        timeZone = Map.copyOf(timeZone);
    }

    /** No producer has its own settings. */
    public static ProducerDefaults none() {
        return new ProducerDefaults(Map.of(), Map.of(), Map.of());
    }

    public Optional<String> emailFrom(String producer) {
        return Optional.ofNullable(emailFrom.get(producer));
    }

    public Optional<String> smsFrom(String producer) {
        return Optional.ofNullable(smsFrom.get(producer));
    }

    public Optional<ZoneId> timeZone(String producer) {
        return Optional.ofNullable(timeZone.get(producer));
    }

    /**
     * Reads one per-producer setting: {@code producer=value} pairs separated by {@code ;}, each
     * value checked by {@code parse}; errors name the variable and the entry.
     */
    public static <V> Map<String, V> pairs(String variable, String text, Function<String, V> parse) {
        return PerProducer.parse(variable, text, parse);
    }

    /** Like {@link #pairs}, for values that are secrets: errors name the producer, never the value. */
    public static <V> Map<String, V> secretPairs(String variable, String text, Function<String, V> parse) {
        return PerProducer.parseSecrets(variable, text, parse);
    }

    private static String smsSender(String value) {
        if (value.matches(SendSms.E164) || value.matches(WorkerProperties.Sms.Twilio.MESSAGING_SERVICE_SID))
            return value;
        throw new IllegalArgumentException("an SMS sender is an E.164 number such as +14155550100 "
                + "or a messaging-service SID (MG and 32 hex digits)");
    }

    private static ZoneId zone(String value) {
        return TimeZoneName.Validator.parse(value)
                .orElseThrow(() -> new IllegalArgumentException("use a region time zone such as Europe/Berlin"));
    }
}
