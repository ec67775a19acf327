package dev.lineup.core.catalog;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Duration;

/**
 * {@code sms.send}: one text message to one phone number.
 *
 * <p>Normal and low priority messages (reminders) wait for the end of the recipient's quiet
 * hours; critical and high ones (verification codes) go out at any hour.
 *
 * @param to       the recipient in E.164 form, e.g. {@code +14155550123}
 * @param text     the message; up to 1,600 characters (ten concatenated segments)
 * @param timeZone the recipient's time zone, e.g. {@code Europe/Berlin}, for quiet hours; the
 *                 producer's default zone when absent
 */
public record SendSms(
        @NotBlank
        @Pattern(regexp = "^" + SendSms.E164 + "$", message = "must be an E.164 phone number such as +14155550123")
        String to,

        @NotBlank @Size(max = 1600) String text,
        @TimeZoneName String timeZone)
        implements LineupJob {

    /** A phone number in E.164 form: a plus, then 7 to 15 digits, the first not zero. */
    public static final String E164 = "\\+[1-9][0-9]{6,14}";

    public static final JobType<SendSms> TYPE = new JobType<>(
            "sms.send",
            SendSms.class,
            Priority.NORMAL,
            new RetryPolicy(6, Duration.ofSeconds(10), Duration.ofMinutes(30)),
            Duration.ofSeconds(30),
            "Sends one text message to an E.164 phone number; normal and low priority wait out the recipient's quiet hours.");

    /** A message to a recipient in the producer's default time zone. */
    public SendSms(String to, String text) {
        this(to, text, null);
    }
}
