package dev.lineup.worker.sms;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.delivery.ProviderThrottled;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * Sends text messages through Twilio's Messages API
 * ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}) with the client it is given, never the
 * SDK's static one.
 *
 * <p>Twilio's answer decides what happens to the job:
 * <ul>
 *   <li>201: sent; Twilio's message SID is the provider's id.</li>
 *   <li>4xx other than 401, 403, 404, 408, 425 and 429 (e.g. 400 with error 21211 "invalid
 *       To" or 21610 "unsubscribed recipient"): {@link PermanentFailure} naming Twilio's error
 *       code, so the job is a dead letter at once.</li>
 *   <li>401, 403, 404: Lineup's settings are wrong (a rotated auth token, a wrong base URL or
 *       account), not the message. An {@link IOException} naming the settings to check: it counts
 *       in the circuit breaker, which opens and holds every SMS off with backoff while an
 *       operator fixes it, instead of dead-lettering them all at once.</li>
 *   <li>429: {@link ProviderThrottled}, retried with the job's backoff, not counted by the
 *       breaker (Twilio is up, it asks us to slow down).</li>
 *   <li>408, 425, 5xx, a timeout or no connection: an {@link IOException} with the SDK's
 *       exception as its cause, retried with the job's backoff.</li>
 * </ul>
 * {@link TwilioHttpClient} makes each call exactly one HTTP request, so every retry is counted.
 */
class TwilioSmsGateway implements SmsGateway, AutoCloseable {

    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);
    private static final Set<Integer> MISCONFIGURED = Set.of(401, 403, 404);
    /** How far Twilio's clock may be behind the worker's when it looks for a message already sent. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final long LOOKUP_PAGE = 50;

    private final TwilioRestClient client;
    private final String defaultSender;

    /** @param defaultSender an E.164 number or a messaging-service SID, for producers without one */
    TwilioSmsGateway(TwilioRestClient client, String defaultSender) {
        this.client = client;
        this.defaultSender = defaultSender;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public String defaultSender() {
        return defaultSender;
    }

    @Override
    public String send(SmsMessage message, RunContext run) throws IOException {
        try {
            return creator(message).create(client).getSid();
        } catch (ApiException e) {
            int status = statusOf(e);
            if (status == 429) throw new ProviderThrottled("Twilio " + describe(e, status), e);
            if (MISCONFIGURED.contains(status)) {
                throw new IOException(
                        "Twilio " + describe(e, status) + " (check LINEUP_TWILIO_ACCOUNT_SID, LINEUP_TWILIO_AUTH_TOKEN "
                                + "and LINEUP_TWILIO_BASE_URL; retrying with backoff)",
                        e);
            }
            if (status >= 400 && status < 500 && !RETRYABLE_4XX.contains(status)) {
                throw new PermanentFailure(
                        "Twilio refused the message to " + message.to() + ": " + describe(e, status), e);
            }
            throw new IOException(
                    status > 0 ? "Twilio " + describe(e, status) : "Twilio call failed: " + e.getMessage(), e);
        } catch (TwilioException e) {
            // ApiConnectionException and the like; the cause chain tells a refused connection apart
            throw new IOException("Twilio call failed: " + e.getMessage(), e);
        }
    }

    /**
     * Looks for the message in Twilio's Messages list: sent to the same number, from the same
     * sender (a messaging service cannot be filtered on), with a {@code DateSent} from a minute
     * before {@code since} (the two clocks may differ), and the same body. One page of the newest
     * is read: a run that died left at most a few messages to one number since.
     */
    @Override
    public Optional<String> sentSince(SmsMessage message, RunContext run, Instant since) throws IOException {
        MessageReader reader = Message.reader()
                .setTo(new PhoneNumber(message.to()))
                .setDateSentAfter(since.minus(CLOCK_SKEW).atZone(ZoneOffset.UTC))
                .setPageSize(LOOKUP_PAGE);
        if (!message.sender().startsWith("MG")) reader.setFrom(new PhoneNumber(message.sender()));
        try {
            for (Message sent : reader.firstPage(client).getRecords()) {
                if (message.text().equals(sent.getBody())) return Optional.of(sent.getSid());
            }
            return Optional.empty();
        } catch (TwilioException e) {
            throw new IOException("Twilio's Messages list failed: " + e.getMessage(), e);
        }
    }

    private static MessageCreator creator(SmsMessage message) {
        var to = new PhoneNumber(message.to());
        if (message.sender().startsWith("MG")) {
            return Message.creator(to, message.sender(), message.text());
        }
        return Message.creator(to, new PhoneNumber(message.sender()), message.text());
    }

    /**
     * The HTTP status: from the {@code status} of Twilio's error body, or set by
     * {@link TwilioHttpClient} for an answer without one; 0 when no answer came (no connection,
     * timeout).
     */
    private static int statusOf(ApiException e) {
        if (e.getStatusCode() != null && e.getStatusCode() > 0) return e.getStatusCode();
        if (e.getHttpStatusCode() != null) return e.getHttpStatusCode();
        return 0;
    }

    /** E.g. {@code answered 400, error 21211: The 'To' number … is not a valid phone number. https://…/21211}. */
    private static String describe(ApiException e, int status) {
        var text = new StringBuilder("answered ").append(status);
        if (e.getCode() != null) text.append(", error ").append(e.getCode());
        text.append(": ").append(e.getMessage());
        if (e.getMoreInfo() != null) text.append(" ").append(e.getMoreInfo());
        return text.toString();
    }

    /** Closes the connection pool when the worker stops. */
    @Override
    public void close() throws IOException {
        if (client.getHttpClient() instanceof TwilioHttpClient http) http.close();
    }
}
