package dev.lineup.core.catalog;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The email templates a producer can name in {@code email.send}. Each is rendered (subject,
 * plain text and HTML) from {@code templates/email/<name>.*.mustache} by
 * {@link dev.lineup.core.email.EmailTemplates}; the variables listed here are checked when the
 * job is enqueued, so a missing one is a 400, not a dead letter. Every variable a template file
 * names must be listed here: the renderer refuses to start otherwise.
 */
public enum EmailTemplate {
    APPOINTMENT_REMINDER(
            "appointment-reminder",
            "customerName",
            "Ada",
            "businessName",
            "Fade & Co",
            "startsAt",
            "Tue 14 Jan, 10:30"),
    BOOKING_CONFIRMATION(
            "booking-confirmation",
            "customerName",
            "Ada",
            "businessName",
            "Fade & Co",
            "startsAt",
            "Tue 14 Jan, 10:30"),
    VERIFICATION_CODE("verification-code", "code", "481516"),
    PASSWORD_RESET(
            "password-reset",
            "customerName",
            "Ada",
            "resetUrl",
            "https://app.example.com/reset?token=sample",
            "expiresInMinutes",
            "30"),
    WELCOME("welcome", "customerName", "Ada", "businessName", "Fade & Co");

    private final String wireName;

    @SuppressWarnings("ImmutableEnumChecker") // an unmodifiable copy, filled once in the constructor
    private final Map<String, String> samples;

    /** @param variablesAndSamples each required variable followed by a sample value for previews */
    EmailTemplate(String wireName, String... variablesAndSamples) {
        this.wireName = wireName;
        Map<String, String> samples = new LinkedHashMap<>();
        for (int i = 0; i < variablesAndSamples.length; i += 2) {
            samples.put(variablesAndSamples[i], variablesAndSamples[i + 1]);
        }
        this.samples = Collections.unmodifiableMap(samples);
    }

    public String wireName() {
        return wireName;
    }

    /** The variables a job naming this template must give, in the order the template uses them. */
    public List<String> requiredVariables() {
        return List.copyOf(samples.keySet());
    }

    /** A sample value for each required variable, for previews. */
    public Map<String, String> sampleVariables() {
        return samples;
    }

    public static Optional<EmailTemplate> parse(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(EmailTemplate::wireName).collect(Collectors.joining(", "));
    }
}
