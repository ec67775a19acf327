package dev.lineup.core.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One valid job of each type: what the docs show and the tests enqueue. */
public final class Examples {

    private Examples() {}

    public static SendEmail templatedEmail() {
        return new SendEmail(
                "ada@example.com",
                null,
                "appointment-reminder",
                Map.of("customerName", "Ada", "businessName", "Fade & Co", "startsAt", "Tue 10:30"),
                null);
    }

    public static SendEmail plainEmail() {
        return new SendEmail("ada@example.com", "See you tomorrow", null, null, "Your haircut is at 10:30.");
    }

    /** The producer's own content: a subject with both a plain-text and an HTML body. */
    public static SendEmail htmlEmail() {
        return new SendEmail(
                "ada@example.com",
                "See you tomorrow",
                null,
                null,
                "Your haircut is at 10:30.",
                "<p>Your haircut is at <b>10:30</b>.</p>");
    }

    public static SendSms sms() {
        return new SendSms("+14155550123", "Your code is 481516");
    }

    public static CallWebhook webhook(String url) {
        return new CallWebhook(
                url,
                "POST",
                Map.of("X-Booking-App", "demo"),
                "{\"task\":\"purge-expired-holds\",\"olderThanMinutes\":30}");
    }

    public static DailyReport report() {
        return new DailyReport(LocalDate.of(2026, 11, 22), List.of("ops@example.com"));
    }
}
