package dev.lineup.worker.producer;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.catalog.TimeZoneName;
import dev.lineup.worker.WorkerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.ZoneId;
import java.util.LinkedHashMap;
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
public record ProducerDefaults(Map<String, String> emailFrom, Map<String, String> smsFrom, Map<String, ZoneId> timeZone) {

    @ConstructorBinding
    public ProducerDefaults(String emailFrom, String smsFrom, String timeZone) {
        this(pairs("LINEUP_PRODUCER_EMAIL_FROM", emailFrom, Function.identity()),
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

    private static <V> Map<String, V> pairs(String variable, String text, Function<String, V> parse) {
        Map<String, V> pairs = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return pairs;
        for (String entry : text.split(";", -1)) {
            if (entry.isBlank()) continue;
            int equals = entry.indexOf('=');
            String producer = equals < 0 ? "" : entry.substring(0, equals).strip();
            String value = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (producer.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(variable + ": '" + entry.strip() + "' is not producer=value; "
                        + "separate producers with ';'");
            }
            try {
                if (pairs.put(producer, parse.apply(value)) != null) {
                    throw new IllegalArgumentException(variable + ": producer '" + producer + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(variable)) throw e;
                throw new IllegalArgumentException(variable + ": " + producer + "=" + value + ": " + e.getMessage(), e);
            }
        }
        return pairs;
    }

    private static String smsSender(String value) {
        if (value.matches(SendSms.E164) || value.matches(WorkerProperties.Sms.Twilio.MESSAGING_SERVICE_SID)) return value;
        throw new IllegalArgumentException("an SMS sender is an E.164 number such as +14155550100 "
                + "or a messaging-service SID (MG and 32 hex digits)");
    }

    private static ZoneId zone(String value) {
        return TimeZoneName.Validator.parse(value)
                .orElseThrow(() -> new IllegalArgumentException("use a region time zone such as Europe/Berlin"));
    }
}
