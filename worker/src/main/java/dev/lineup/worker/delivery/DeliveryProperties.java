package dev.lineup.worker.delivery;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules every email and SMS passes on its way to a provider, under
 * {@code lineup.worker.delivery}. Defaults and their environment variables are in
 * {@code lineup-worker.properties}; a bad value stops the worker at startup.
 *
 * @param smsQuietHours          {@code LINEUP_SMS_QUIET_HOURS}: {@code HH:MM-HH:MM} in the recipient's
 *                               time zone when normal and low priority SMS wait, or {@code off}
 * @param smsRecipientCap        {@code LINEUP_SMS_RECIPIENT_CAP}: at most this many SMS per phone
 *                               number per window, e.g. {@code 3/10m}, or {@code off}
 * @param smsRecipientCapAction  {@code LINEUP_SMS_RECIPIENT_CAP_ACTION}: {@code hold} an SMS over
 *                               the cap until the window has room, or {@code drop} it
 * @param sendLedgerRetention    {@code LINEUP_SEND_LEDGER_RETENTION}: how long the send ledger
 *                               remembers a job's message; a job run again after that sends again
 * @param sendInFlightWindow     {@code LINEUP_SEND_IN_FLIGHT_WINDOW}: how long another run's claim
 *                               on a job's send is taken to be still calling the provider (a run
 *                               of the same job waits it out); longer than any job's timeout
 * @param breaker                the circuit breaker kept per provider
 * @param connectRetries         {@code LINEUP_CONNECT_RETRIES}: extra tries within one attempt when
 *                               the provider refused the connection (the message never reached it)
 * @param connectRetryWait       {@code LINEUP_CONNECT_RETRY_WAIT}: the wait before each of those tries
 */
@ConfigurationProperties("lineup.worker.delivery")
@Validated
record DeliveryProperties(
        @NotNull
        @Pattern(
                regexp = "off|" + TIME + "-" + TIME,
                message = "must be HH:MM-HH:MM (e.g. 21:00-08:00) or off; " + "fix LINEUP_SMS_QUIET_HOURS")
        String smsQuietHours,

        @NotNull
        @Pattern(
                regexp = "off|[1-9][0-9]{0,5}/[1-9][0-9]{0,5}[smhd]",
                message = "must be a count and a window "
                        + "such as 3/10m (units s, m, h, d) or off; fix LINEUP_SMS_RECIPIENT_CAP")
        String smsRecipientCap,

        @NotNull
        @Pattern(
                regexp = "hold|drop",
                message = "must be hold (send it when the window has room) or drop "
                        + "(never send it); fix LINEUP_SMS_RECIPIENT_CAP_ACTION")
        String smsRecipientCapAction,

        @NotNull
        @DurationMin(
                days = 1,
                message = "must be at least 1d, longer than any job's retries; " + "fix LINEUP_SEND_LEDGER_RETENTION")
        Duration sendLedgerRetention,

        @NotNull
        @DurationMin(
                seconds = 1,
                message = "must be at least 1s, longer than any job's timeout; " + "fix LINEUP_SEND_IN_FLIGHT_WINDOW")
        @DurationMax(
                days = 1,
                message = "must be at most 1d: a crashed send waits it out; fix LINEUP_SEND_IN_FLIGHT_WINDOW")
        Duration sendInFlightWindow,

        @NotNull @Valid Breaker breaker,

        @Min(value = 0, message = "must be 0 to 10; fix LINEUP_CONNECT_RETRIES")
        @Max(value = 10, message = "must be 0 to 10; fix LINEUP_CONNECT_RETRIES")
        int connectRetries,

        @NotNull
        @DurationMin(millis = 1, message = "must be at least 1ms; fix LINEUP_CONNECT_RETRY_WAIT")
        @DurationMax(
                seconds = 10,
                message = "must be at most 10s: a worker thread waits it out; fix LINEUP_CONNECT_RETRY_WAIT")
        Duration connectRetryWait) {

    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";

    /**
     * @param failureRate {@code LINEUP_BREAKER_FAILURE_RATE}: the percentage of failed calls
     *                    among the last {@code window} that opens the breaker
     * @param window      {@code LINEUP_BREAKER_WINDOW}: how many of the latest calls it judges
     * @param minCalls    {@code LINEUP_BREAKER_MIN_CALLS}: the fewest calls it judges at all
     * @param openFor     {@code LINEUP_BREAKER_OPEN_FOR}: how long an open breaker refuses calls
     *                    before it lets a few through to test the provider
     */
    record Breaker(
            @Min(value = 1, message = "must be 1 to 100; fix LINEUP_BREAKER_FAILURE_RATE")
            @Max(value = 100, message = "must be 1 to 100; fix LINEUP_BREAKER_FAILURE_RATE")
            int failureRate,

            @Min(value = 1, message = "must be at least 1; fix LINEUP_BREAKER_WINDOW")
            int window,

            @Min(value = 1, message = "must be at least 1; fix LINEUP_BREAKER_MIN_CALLS")
            int minCalls,

            @NotNull @DurationMin(millis = 1, message = "must be at least 1ms; fix LINEUP_BREAKER_OPEN_FOR")
            Duration openFor) {}

    @AssertTrue(message = "quiet hours must end at another time than they start; fix LINEUP_SMS_QUIET_HOURS")
    boolean isQuietHoursAWindow() {
        return smsQuietHours == null
                || !smsQuietHours.matches(TIME + "-" + TIME)
                || !smsQuietHours.substring(0, 5).equals(smsQuietHours.substring(6));
    }

    Optional<QuietHours> quietHours() {
        return QuietHours.parse(smsQuietHours);
    }

    Optional<RecipientCap> recipientCap() {
        return RecipientCap.parse(
                smsRecipientCap, RecipientCap.Action.valueOf(smsRecipientCapAction.toUpperCase(Locale.ROOT)));
    }
}
