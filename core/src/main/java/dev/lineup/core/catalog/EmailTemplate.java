package dev.lineup.core.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The email templates a producer can name in {@code email.send}. The worker renders them
 * (subject and text) from {@code templates/email/<name>.*.mustache}; the variables listed here
 * are checked when the job is enqueued, so a missing one is a 400, not a dead letter.
 */
public enum EmailTemplate {
    APPOINTMENT_REMINDER("appointment-reminder", List.of("customerName", "businessName", "startsAt")),
    BOOKING_CONFIRMATION("booking-confirmation", List.of("customerName", "businessName", "startsAt")),
    VERIFICATION_CODE("verification-code", List.of("code"));

    private final String wireName;
    private final List<String> requiredVariables;

    EmailTemplate(String wireName, List<String> requiredVariables) {
        this.wireName = wireName;
        this.requiredVariables = requiredVariables;
    }

    public String wireName() {
        return wireName;
    }

    public List<String> requiredVariables() {
        return requiredVariables;
    }

    public static Optional<EmailTemplate> parse(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(EmailTemplate::wireName).collect(Collectors.joining(", "));
    }
}
