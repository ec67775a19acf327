package dev.lineup.worker;

import dev.lineup.core.catalog.SendSms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
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
            @NotNull
            @Pattern(
                    regexp = "smtp|sandbox",
                    message =
                            "must be smtp (send through the server in SPRING_MAIL_HOST) "
                                    + "or sandbox (only record messages in lineup_sandbox_messages); set LINEUP_EMAIL_PROVIDER to one of them")
            String provider,

            @NotBlank String from) {}

    /**
     * @param provider        {@code twilio} sends through Twilio's Messages API with the settings in
     *                        {@code twilio}; {@code sandbox} only records each message in
     *                        {@code lineup_sandbox_messages}
     * @param defaultTimeZone the recipients' time zone for quiet hours when neither the job nor
     *                        its producer names one
     * @param twilio          the Twilio account; read only when the provider is {@code twilio}
     */
    public record Sms(
            @NotNull
            @Pattern(
                    regexp = "twilio|sandbox",
                    message =
                            "must be twilio (send through Twilio's Messages API, "
                                    + "set LINEUP_TWILIO_ACCOUNT_SID, LINEUP_TWILIO_AUTH_TOKEN and LINEUP_TWILIO_FROM) or sandbox "
                                    + "(only record messages in lineup_sandbox_messages); set LINEUP_SMS_PROVIDER to one of them")
            String provider,

            @NotNull ZoneId defaultTimeZone,
            @NotNull @Valid Twilio twilio) {

        /**
         * An empty text means "not set". Which settings {@code provider=twilio} needs is checked
         * when the SMS gateway is built, so a sandbox worker does not need a Twilio account.
         *
         * @param accountSid          the account, {@code AC} and 32 hex digits
         * @param authToken           the account's auth token; never logged, never shown
         * @param from                the sender's phone number in E.164 form, used when neither the
         *                            producer's sender nor a messaging service is set
         * @param messagingServiceSid a messaging service ({@code MG} and 32 hex digits) to send
         *                            through; wins over {@code from} when both are set
         * @param baseUrl             where the Messages API lives; another URL only for tests and
         *                            Twilio-compatible gateways
         * @param connectTimeout      how long to wait for Twilio to accept a connection
         * @param readTimeout         how long to wait for Twilio's answer once the request is sent; a
         *                            call that takes longer fails and is retried
         */
        public record Twilio(
                @Pattern(
                        regexp = "(AC[0-9a-fA-F]{32})?",
                        message = "must be AC followed by 32 hex digits, "
                                + "as shown in Twilio's console; set LINEUP_TWILIO_ACCOUNT_SID")
                String accountSid,

                String authToken,

                @Pattern(
                        regexp = "(" + SendSms.E164 + ")?",
                        message = "must be a phone number in E.164 form such as "
                                + "+14155550100; set LINEUP_TWILIO_FROM")
                String from,

                @Pattern(
                        regexp = "(" + Twilio.MESSAGING_SERVICE_SID + ")?",
                        message = "must be MG followed by 32 hex digits; " + "set LINEUP_TWILIO_MESSAGING_SERVICE_SID")
                String messagingServiceSid,

                @NotNull URI baseUrl,
                @NotNull @DurationMin(millis = 1) Duration connectTimeout,
                @NotNull @DurationMin(millis = 1) Duration readTimeout) {

            /** A Twilio messaging service's SID: MG and 32 hex digits. */
            public static final String MESSAGING_SERVICE_SID = "MG[0-9a-fA-F]{32}";

            /** Everything but the auth token, so that printing the settings cannot leak it. */
            @Override
            public String toString() {
                return "Twilio[accountSid=" + accountSid + ", authToken="
                        + (authToken == null || authToken.isEmpty() ? "" : "***")
                        + ", from=" + from + ", messagingServiceSid=" + messagingServiceSid + ", baseUrl=" + baseUrl
                        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
            }
        }
    }

    /**
     * @param connectTimeout how long to wait for the booking app's server to accept a connection
     * @param readTimeout    how long to wait for its answer once the request is sent; a call
     *                       that takes longer fails and is retried
     * @param allow          internal destinations webhooks may call after all: CIDR blocks and
     *                       host names, comma-separated; blank allows none (loopback, private,
     *                       link-local and the like are refused by default)
     */
    public record Webhook(
            @NotNull @DurationMin(millis = 1) Duration connectTimeout,
            @NotNull @DurationMin(millis = 1) Duration readTimeout,
            String allow) {}

    /**
     * @param zone       the time zone whose calendar days the report covers, e.g. {@code Europe/Paris}
     * @param recipients who gets the report when the job names no one
     */
    public record Report(
            @NotNull ZoneId zone, @NotEmpty List<@NotBlank @jakarta.validation.constraints.Email String> recipients) {}
}
