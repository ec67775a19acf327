package dev.lineup.worker.delivery;

import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.Drop;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.core.run.Snooze;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The delivery rules in order, on a real send ledger, with a provider that counts its calls. */
class DeliveriesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 14:00 in Berlin: no quiet hours. */
    private static final Instant AFTERNOON = Instant.parse("2026-06-10T12:00:00Z");

    private static final String PHONE = "+4915112345678";
    private static final Duration IN_FLIGHT_WINDOW = Duration.ofMinutes(2);

    @SuppressWarnings("StaticAssignmentOfThrowable") // a canned failure handed to the fake gateway, never thrown here
    private static final IOException REFUSED =
            new IOException("could not reach api.twilio.com", new ConnectException("Connection refused"));

    private final DataSource dataSource = LedgerDatabase.create();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final TestClock clock = new TestClock(AFTERNOON);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger calls = new AtomicInteger();
    private final ProviderCall provider = () -> "SM" + calls.incrementAndGet();
    private RateLimits rateLimits = RateLimits.none();

    private Deliveries deliveries(String... settings) {
        Map<String, String> s = new HashMap<>(Map.of("quiet", "21:00-08:00", "cap", "3/10m", "action", "hold"));
        for (String setting : settings) s.put(setting.split("=", 2)[0], setting.split("=", 2)[1]);
        var breakers = new ProviderBreakers(
                new DeliveryProperties.Breaker(50, 20, 10, Duration.ofSeconds(30)),
                2,
                Duration.ofMillis(1),
                clock,
                meters);
        return new Deliveries(
                new SendLedger(dataSource, clock, IN_FLIGHT_WINDOW),
                rateLimits,
                breakers,
                QuietHours.parse(s.get("quiet")),
                RecipientCap.parse(
                        s.get("cap"),
                        RecipientCap.Action.valueOf(s.get("action").toUpperCase(Locale.ROOT))),
                clock,
                meters);
    }

    private static Outgoing sms(String to) {
        return new Outgoing(Channel.SMS, "twilio", "+14155550100", to, BERLIN);
    }

    private static RunContext run(Priority priority) {
        return new RunContext(JobIds.random(), "salon-app", priority, 1);
    }

    private Map<String, Object> ledgerRow(RunContext run) {
        return jdbc.sql(
                        "select state, provider_message_id, detail, hold_until, claimed_at, sent_at from lineup_send_ledger where job_id = ?")
                .param(run.jobId())
                .query()
                .singleRow();
    }

    private double delivered(String outcome) {
        var counter = meters.find("lineup.deliveries")
                .tag("channel", "sms")
                .tag("provider", "twilio")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    // --- the send ledger ---

    @Test
    void aJobRunAgainAfterTheProviderAcceptedDoesNotCallItAgain() throws Exception {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.NORMAL);
        RunContext retry = new RunContext(run.jobId(), run.producer(), run.priority(), 2);

        assertThat(deliveries.deliver(sms(PHONE), run, provider)).contains("SM1");
        assertThat(deliveries.deliver(sms(PHONE), retry, provider)).isEmpty();

        assertThat(calls).hasValue(1);
        assertThat(ledgerRow(run)).containsEntry("state", "sent").containsEntry("provider_message_id", "SM1");
        assertThat(delivered("sent")).isEqualTo(1);
        assertThat(delivered("already_sent")).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionGivesUpItsClaimAndTheRetrySends() throws Exception {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.NORMAL);

        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), run, () -> {
                    calls.incrementAndGet();
                    throw REFUSED;
                }))
                .isSameAs(REFUSED);
        assertThat(jdbc.sql("select count(*) from lineup_send_ledger")
                        .query(Integer.class)
                        .single())
                .isZero();

        assertThat(deliveries.deliver(
                        sms(PHONE), new RunContext(run.jobId(), run.producer(), run.priority(), 2), provider))
                .contains("SM4");
        assertThat(ledgerRow(run)).containsEntry("state", "sent");
        assertThat(delivered("failed")).isEqualTo(1);
    }

    @Test
    void aCallThatMayHaveReachedTheProviderIsRecordedUnansweredAndTheRetrySendsAtOnce() throws Exception {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.NORMAL);
        var timeout =
                new IOException("Twilio call failed: Read timed out", new SocketTimeoutException("Read timed out"));

        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), run, () -> {
                    calls.incrementAndGet();
                    throw timeout;
                }))
                .isSameAs(timeout);
        assertThat(ledgerRow(run))
                .containsEntry("state", "unanswered")
                .containsEntry("detail", "Twilio call failed: Read timed out");

        // the job's own retry is not in flight: it claims again without waiting
        assertThat(deliveries.deliver(
                        sms(PHONE), new RunContext(run.jobId(), run.producer(), run.priority(), 2), provider))
                .contains("SM2");
        assertThat(ledgerRow(run)).containsEntry("state", "sent").containsEntry("detail", null);
        assertThat(delivered("failed")).isEqualTo(1);
    }

    @Test
    void anUnansweredCallCountsTowardTheCap() throws Exception {
        Deliveries deliveries = deliveries("cap=1/10m");
        RunContext first = run(Priority.NORMAL);
        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), first, () -> {
                    throw new IOException("Twilio answered 503: no body");
                }))
                .isInstanceOf(IOException.class);

        RunContext second = run(Priority.NORMAL);
        assertThat(catchThrowableOfType(Snooze.class, () -> deliveries.deliver(sms(PHONE), second, provider))
                        .until())
                .isEqualTo(AFTERNOON.plus(Duration.ofMinutes(10)));
        assertThat(calls).hasValue(0);
    }

    // --- a run that finds another run of its job still calling the provider ---

    @Test
    void aSecondRunWhileTheFirstIsStillCallingTheProviderWaitsInsteadOfSendingAgain() throws Exception {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.NORMAL);
        // JobRunr took the first run for orphaned and started the job again, as attempt 2
        RunContext rerun = new RunContext(run.jobId(), run.producer(), run.priority(), 2);
        List<Snooze> rerunSnoozes = new ArrayList<>();
        ProviderCall slowTwilio = () -> {
            clock.advance(Duration.ofSeconds(14)); // still inside Twilio's 15 s read
            rerunSnoozes.add(catchThrowableOfType(Snooze.class, () -> deliveries.deliver(sms(PHONE), rerun, provider)));
            return "SM" + calls.incrementAndGet();
        };

        assertThat(deliveries.deliver(sms(PHONE), run, slowTwilio)).contains("SM1");

        assertThat(calls).hasValue(1);
        assertThat(rerunSnoozes).singleElement().satisfies(snooze -> {
            assertThat(snooze.until()).isEqualTo(AFTERNOON.plus(IN_FLIGHT_WINDOW));
            assertThat(snooze.reason()).startsWith("another run of this job is sending");
        });
        assertThat(delivered("in_flight")).isEqualTo(1);
        // back from its snooze, the second run finds the message sent
        clock.set(AFTERNOON.plus(IN_FLIGHT_WINDOW));
        assertThat(deliveries.deliver(sms(PHONE), rerun, provider)).isEmpty();
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRunOverTheCapWhileAnotherRunIsSendingLeavesItsClaimAlone() throws Exception {
        Deliveries deliveries = deliveries("cap=1/10m");
        deliveries.deliver(sms(PHONE), run(Priority.NORMAL), provider);
        RunContext run = run(Priority.NORMAL);
        jdbc.sql("""
                        insert into lineup_send_ledger (job_id, channel, provider, recipient, state, claimed_at, updated_at)
                        values (?, 'sms', 'twilio', ?, 'sending', ?, ?)""")
                .params(
                        run.jobId(),
                        PHONE,
                        Timestamp.from(AFTERNOON.minusSeconds(5)),
                        Timestamp.from(AFTERNOON.minusSeconds(5)))
                .update();

        assertThat(catchThrowableOfType(Snooze.class, () -> deliveries.deliver(sms(PHONE), run, provider))
                        .reason())
                .startsWith("another run of this job is sending");
        assertThat(ledgerRow(run)).containsEntry("state", "sending");
    }

    @Test
    void aSendingClaimOlderThanTheWindowIsACrashedRunsAndIsSentAgain() throws Exception {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.NORMAL);
        Instant crashed = AFTERNOON.minus(IN_FLIGHT_WINDOW).minusSeconds(1);
        jdbc.sql("""
                        insert into lineup_send_ledger (job_id, channel, provider, recipient, state, claimed_at, updated_at)
                        values (?, 'sms', 'twilio', ?, 'sending', ?, ?)""")
                .params(run.jobId(), PHONE, Timestamp.from(crashed), Timestamp.from(crashed))
                .update();

        assertThat(deliveries.deliver(
                        sms(PHONE), new RunContext(run.jobId(), run.producer(), run.priority(), 2), provider))
                .contains("SM1");
        assertThat(ledgerRow(run))
                .containsEntry("state", "sent")
                .containsEntry("claimed_at", Timestamp.from(AFTERNOON));
    }

    @Test
    void aPermanentFailureGivesUpItsClaimToo() {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.NORMAL);
        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), run, () -> {
                    throw new PermanentFailure("Twilio 400: invalid 'To' number");
                }))
                .isInstanceOf(PermanentFailure.class);
        assertThat(jdbc.sql("select count(*) from lineup_send_ledger")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void emailIsRecordedInTheLedgerButKnowsNoQuietHoursNorCap() throws Exception {
        Deliveries deliveries = deliveries("cap=1/10m");
        clock.set(Instant.parse("2026-06-10T21:00:00Z")); // 23:00 in Berlin
        var email = new Outgoing(Channel.EMAIL, "smtp", "no-reply@lineup.local", "ana@example.com", BERLIN);
        for (int i = 0; i < 3; i++) {
            RunContext run = run(Priority.LOW);
            assertThat(deliveries.deliver(email, run, provider)).isPresent();
            assertThat(ledgerRow(run)).containsEntry("state", "sent");
        }
    }

    // --- quiet hours ---

    @Test
    void aNormalSmsAtElevenInTheEveningWaitsForEightInTheMorning() {
        clock.set(Instant.parse("2026-06-10T21:00:00Z")); // 23:00 in Berlin
        Snooze snooze = catchThrowableOfType(
                Snooze.class, () -> deliveries().deliver(sms(PHONE), run(Priority.NORMAL), provider));

        assertThat(snooze.until()).isEqualTo(Instant.parse("2026-06-11T06:00:00Z")); // 08:00 in Berlin
        assertThat(snooze.reason()).isEqualTo("quiet hours 21:00–08:00 in Europe/Berlin");
        assertThat(calls).hasValue(0);
        assertThat(delivered("quiet_hours")).isEqualTo(1);
    }

    @Test
    void aSmsThatComesBackBeforeTheQuietHoursEndWaitsAgain() {
        Deliveries deliveries = deliveries();
        RunContext run = run(Priority.LOW);
        clock.set(Instant.parse("2026-06-11T05:59:57Z")); // 07:59:57 in Berlin: JobRunr ran it 3 s early
        assertThat(catchThrowableOfType(Snooze.class, () -> deliveries.deliver(sms(PHONE), run, provider))
                        .until())
                .isEqualTo(Instant.parse("2026-06-11T06:00:00Z"));
        assertThat(calls).hasValue(0);
    }

    @Test
    void criticalAndHighSmsIgnoreQuietHours() throws Exception {
        Deliveries deliveries = deliveries();
        clock.set(Instant.parse("2026-06-10T21:00:00Z"));
        assertThat(deliveries.deliver(sms(PHONE), run(Priority.CRITICAL), provider))
                .contains("SM1");
        assertThat(deliveries.deliver(sms("+4915100000002"), run(Priority.HIGH), provider))
                .contains("SM2");
    }

    @Test
    void quietHoursOff() throws Exception {
        clock.set(Instant.parse("2026-06-10T21:00:00Z"));
        assertThat(deliveries("quiet=off").deliver(sms(PHONE), run(Priority.NORMAL), provider))
                .contains("SM1");
    }

    // --- rate limits ---

    @Test
    void aLaterRateLimitSlotSnoozesUntilIt() {
        Instant slot = AFTERNOON.plusSeconds(7);
        rateLimits = (message, run) -> Optional.of(slot);
        Snooze snooze = catchThrowableOfType(
                Snooze.class, () -> deliveries().deliver(sms(PHONE), run(Priority.NORMAL), provider));
        assertThat(snooze.until()).isEqualTo(slot);
        assertThat(calls).hasValue(0);
        assertThat(delivered("rate_limited")).isEqualTo(1);
    }

    @Test
    void aSlotThatHasComeIsSent() throws Exception {
        rateLimits = (message, run) -> Optional.of(AFTERNOON);
        assertThat(deliveries().deliver(sms(PHONE), run(Priority.NORMAL), provider))
                .contains("SM1");
    }

    // --- the recipient cap ---

    @Test
    void theFourthSmsToOneNumberInTenMinutesIsHeldUntilTheFirstLeavesTheWindow() throws Exception {
        Deliveries deliveries = deliveries();
        Instant first = clock.instant();
        for (int i = 0; i < 3; i++) {
            deliveries.deliver(sms(PHONE), run(Priority.NORMAL), provider);
            clock.advance(Duration.ofMinutes(1));
        }
        RunContext fourth = run(Priority.NORMAL);
        Snooze snooze = catchThrowableOfType(Snooze.class, () -> deliveries.deliver(sms(PHONE), fourth, provider));

        assertThat(snooze.until()).isEqualTo(first.plus(Duration.ofMinutes(10)));
        assertThat(snooze.reason()).isEqualTo("recipient cap 3 per 10m: 3 sent to this number in the window");
        assertThat(calls).hasValue(3);
        assertThat(ledgerRow(fourth))
                .containsEntry("state", "held")
                .containsEntry("detail", "recipient cap 3 per 10m: 3 sent to this number in the window")
                .containsEntry("hold_until", Timestamp.from(first.plus(Duration.ofMinutes(10))));
        assertThat(delivered("held")).isEqualTo(1);

        // back a second early: held again, nothing sent
        clock.set(snooze.until().minusSeconds(1));
        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), fourth, provider))
                .isInstanceOf(Snooze.class);
        clock.set(snooze.until());
        assertThat(deliveries.deliver(sms(PHONE), fourth, provider)).contains("SM4");
        assertThat(ledgerRow(fourth)).containsEntry("state", "sent").containsEntry("detail", null);
        // other numbers were never affected
        assertThat(deliveries.deliver(sms("+4915100000002"), run(Priority.NORMAL), provider))
                .contains("SM5");
    }

    @Test
    void inDropModeTheSmsOverTheCapIsDroppedAndRecorded() throws Exception {
        Deliveries deliveries = deliveries("action=drop");
        for (int i = 0; i < 3; i++) deliveries.deliver(sms(PHONE), run(Priority.NORMAL), provider);
        RunContext fourth = run(Priority.NORMAL);

        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), fourth, provider))
                .isInstanceOf(Drop.class)
                .hasMessage("Dropped: recipient cap 3 per 10m: 3 sent to this number in the window");
        assertThat(calls).hasValue(3);
        assertThat(ledgerRow(fourth))
                .containsEntry("state", "dropped")
                .containsEntry("detail", "recipient cap 3 per 10m: 3 sent to this number in the window");
        assertThat(delivered("dropped")).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionDoesNotCountTowardTheCap() throws Exception {
        Deliveries deliveries = deliveries("cap=1/10m");
        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), run(Priority.NORMAL), () -> {
                    throw REFUSED;
                }))
                .isSameAs(REFUSED);
        assertThat(deliveries.deliver(sms(PHONE), run(Priority.NORMAL), provider))
                .contains("SM1");
    }

    @Test
    void capOffSendsThemAll() throws Exception {
        Deliveries deliveries = deliveries("cap=off");
        for (int i = 0; i < 5; i++)
            assertThat(deliveries.deliver(sms(PHONE), run(Priority.NORMAL), provider))
                    .isPresent();
    }

    @Test
    void theCapHoldsAcrossJobsRunningAtOnce() throws Exception {
        Deliveries deliveries = deliveries();
        int jobs = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                Callable<String> job = () -> {
                    start.await();
                    try {
                        return deliveries
                                .deliver(sms(PHONE), run(Priority.NORMAL), provider)
                                .orElseThrow();
                    } catch (Snooze held) {
                        return "held";
                    }
                };
                outcomes.add(threads.submit(job));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) results.add(outcome.get());

            assertThat(results).filteredOn("held"::equals).hasSize(7);
            assertThat(calls).hasValue(3);
        } finally {
            threads.shutdownNow();
        }
        assertThat(jdbc.sql("select state, count(*) from lineup_send_ledger group by state order by state")
                        .query((rs, row) -> rs.getString(1) + "=" + rs.getInt(2))
                        .list())
                .containsExactly("held=7", "sent=3");
    }

    // --- the circuit breaker ---

    @Test
    void anOpenBreakerFailsFastAndReleasesTheClaim() {
        Deliveries deliveries = deliveries("cap=1/10m");
        var outage = new IOException("503 Service Unavailable");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() ->
                            deliveries.deliver(sms("+49151000000" + (10 + calls.get())), run(Priority.NORMAL), () -> {
                                calls.incrementAndGet();
                                throw outage;
                            }))
                    .isSameAs(outage);
        }
        calls.set(0);
        RunContext run = run(Priority.NORMAL);
        assertThatThrownBy(() -> deliveries.deliver(sms(PHONE), run, provider)).isInstanceOf(ProviderUnavailable.class);
        assertThat(calls).hasValue(0);
        assertThat(jdbc.sql("select count(*) from lineup_send_ledger where job_id = ?")
                        .param(run.jobId())
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(delivered("breaker_open")).isEqualTo(1);
    }

    @Test
    void theLedgerForgetsRowsAfterItsRetention() throws Exception {
        SendLedger ledger = new SendLedger(dataSource, clock, IN_FLIGHT_WINDOW);
        Deliveries deliveries = deliveries();
        deliveries.deliver(sms(PHONE), run(Priority.NORMAL), provider);
        clock.advance(Duration.ofDays(29));
        RunContext recent = run(Priority.NORMAL);
        deliveries.deliver(sms("+4915100000002"), recent, provider);
        clock.advance(Duration.ofDays(2));

        assertThat(new SendLedgerJanitor(ledger, clock, Duration.ofDays(30)).prune())
                .isEqualTo(1);
        assertThat(jdbc.sql("select job_id from lineup_send_ledger")
                        .query(UUID.class)
                        .list())
                .containsExactly(recent.jobId());
    }
}
