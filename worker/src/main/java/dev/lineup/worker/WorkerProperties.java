package dev.lineup.worker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The worker's settings, under {@code lineup.worker}. Defaults and their environment variables
 * are in {@code lineup-worker.properties}; a bad value stops the worker at startup.
 *
 * @param email   how email is sent
 * @param sms     how text messages are sent
 * @param webhook how webhooks are called
 * @param report  the daily report's defaults
 */
@ConfigurationProperties("lineup.worker")
@Validated
public record WorkerProperties(
        @NotNull @Valid Email email,
        @NotNull @Valid Sms sms,
        @NotNull @Valid Webhook webhook,
        @NotNull @Valid Report report) {

    /**
     * @param provider {@code smtp} sends through the SMTP server in {@code spring.mail.*};
     *                 {@code sandbox} only records each message in {@code lineup_sandbox_messages}
     * @param from     the From address of emails whose producer has none of its own in
     *                 {@code LINEUP_PRODUCER_EMAIL_FROM}, and of the daily report, e.g.
     *                 {@code Lineup <no-reply@lineup.local>}; checked at startup
     */
    public record Email(
            @NotNull @Pattern(regexp = "smtp|sandbox", message = "must be smtp (send through the server in SPRING_MAIL_HOST) "
                    + "or sandbox (only record messages in lineup_sandbox_messages); set LINEUP_EMAIL_PROVIDER to one of them")
            String provider,
            @NotBlank String from) {
    }

    /**
     * @param provider {@code sandbox}, which records each message in {@code lineup_sandbox_messages};
     *                 the only SMS provider so far
     */
    public record Sms(
            @NotNull @Pattern(regexp = "sandbox", message = "must be sandbox, the only SMS provider so far "
                    + "(Twilio is not supported yet); set LINEUP_SMS_PROVIDER=sandbox")
            String provider) {
    }

    /**
     * @param connectTimeout how long to wait for the booking app's server to accept a connection
     * @param readTimeout    how long to wait for its answer once the request is sent; a call
     *                       that takes longer fails and is retried
     */
    public record Webhook(
            @NotNull @DurationMin(millis = 1) Duration connectTimeout,
            @NotNull @DurationMin(millis = 1) Duration readTimeout) {
    }

    /**
     * @param zone       the time zone whose calendar days the report covers, e.g. {@code Europe/Paris}
     * @param recipients who gets the report when the job names no one
     */
    public record Report(
            @NotNull ZoneId zone,
            @NotEmpty List<@NotBlank @jakarta.validation.constraints.Email String> recipients) {
    }
}
