package dev.lineup.worker.delivery;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.JobMemo;
import dev.lineup.core.run.RunContext;
import dev.lineup.engine.limits.RedisBuckets;
import dev.lineup.testing.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The send rates on a real Redis, each {@link ClusterRateLimits} standing for one worker
 * process. Time stands still unless a test moves it, so every slot is exact.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterRateLimitsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final AtomicInteger senders = new AtomicInteger();

    private static TestRedis redis;

    private final TestClock clock = new TestClock(T0);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<ClusterRateLimits> workers = new ArrayList<>();
    /** A sender no other test used: Redis keeps the buckets between tests. */
    private final String sender = "+1415555" + String.format("%04d", senders.incrementAndGet());

    @BeforeAll
    static void startRedis() {
        // Lettuce and Netty log every packet at DEBUG when no Spring context sets the levels
        ((Logger) LoggerFactory.getLogger("io")).setLevel(Level.INFO);
        redis = new TestRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(ClusterRateLimits::close);
    }

    @Test
    void twoWorkersSharingRedisNeverSendFasterThanTheRateTogether() {
        ClusterRateLimits first = worker(redis.url(), "sms-per-sender=2/1s", "sms=off");
        ClusterRateLimits second = worker(redis.url(), "sms-per-sender=2/1s", "sms=off");

        List<Optional<Instant>> slots = new ArrayList<>();
        for (int message = 0; message < 10; message++) {
            slots.add((message % 2 == 0 ? first : second).reserve(sms(sender), newRun()));
        }

        // the bucket's 2 permits at once, then one every 500 ms, whichever worker asks
        List<Optional<Instant>> expected = new ArrayList<>(List.of(Optional.empty(), Optional.empty()));
        for (int message = 2; message < 10; message++) expected.add(Optional.of(T0.plusMillis(500L * (message - 1))));
        assertThat(slots).isEqualTo(expected);
        assertThat(first.usingRedis()).isTrue();
        assertThat(second.usingRedis()).isTrue();
        assertThat(registry.get("lineup.rate.limit.waits")
                        .tags("channel", "sms", "provider", "twilio", "limit", "sender")
                        .counter()
                        .count())
                .isEqualTo(8);
    }

    @Test
    void aJobBackFromItsSnoozeInTheSameAttemptIsNotChargedAgain() {
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=off");
        assertThat(limits.reserve(sms(sender), newRun())).isEmpty();
        RunContext snoozed = newRun();
        assertThat(limits.reserve(sms(sender), snoozed)).contains(T0.plusSeconds(1));
        assertThat(snoozed.memo().get("rate.lineup:rate:sms:twilio:sender:" + sender))
                .contains("1@" + T0.plusSeconds(1).toEpochMilli());

        // JobRunr may run a job a little before its snooze ends: it snoozes until the same slot again
        clock.advance(Duration.ofMillis(400));
        assertThat(limits.reserve(sms(sender), snoozed)).contains(T0.plusSeconds(1));

        clock.advance(Duration.ofMillis(600));
        assertThat(limits.reserve(sms(sender), snoozed)).as("its slot has come").isEmpty();
        // had the snoozed job paid twice, the next slot would be T0 + 3 s
        assertThat(limits.reserve(sms(sender), newRun())).contains(T0.plusSeconds(2));
    }

    @Test
    void aRetryIsANewAttemptAndIsChargedAgain() {
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=off");
        RunContext first = newRun();
        assertThat(limits.reserve(sms(sender), first)).isEmpty();

        RunContext retry = new RunContext(first.jobId(), first.producer(), first.priority(), 2, first.memo());
        assertThat(limits.reserve(sms(sender), retry)).contains(T0.plusSeconds(1));
        assertThat(first.memo().get("rate.lineup:rate:sms:twilio:sender:" + sender))
                .contains("2@" + T0.plusSeconds(1).toEpochMilli());
    }

    @Test
    void aReservationLongPastItsSlotIsChargedAgain() {
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=off");
        String memoKey = "rate.lineup:rate:sms:twilio:sender:" + sender;
        RunContext held = newRun();
        assertThat(limits.reserve(sms(sender), held)).isEmpty();

        clock.advance(ClusterRateLimits.STALE_AFTER);
        assertThat(limits.reserve(sms(sender), held)).as("still fresh").isEmpty();
        assertThat(held.memo().get(memoKey)).contains("1@" + T0.toEpochMilli());

        clock.advance(Duration.ofMillis(1));
        Instant now = T0.plus(ClusterRateLimits.STALE_AFTER).plusMillis(1);
        assertThat(limits.reserve(sms(sender), held))
                .as("stale: it pays again, and a token is there")
                .isEmpty();
        assertThat(held.memo().get(memoKey)).contains("1@" + now.toEpochMilli());
        // had it gone on the old token, the next message would not wait
        assertThat(limits.reserve(sms(sender), newRun())).contains(now.plusSeconds(1));
    }

    @Test
    void aMessageHeldByTheRecipientCapAfterReservingPaysAgainWhenItComesBack() {
        String provider = "twilio-" + sender; // a provider bucket of this test's own
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=100/1s");
        RunContext held = newRun();
        assertThat(limits.reserve(sms(provider, sender), held))
                .as("reserved, then held by the cap for 10 minutes")
                .isEmpty();

        clock.advance(Duration.ofMinutes(10));
        Instant back = T0.plus(Duration.ofMinutes(10));
        assertThat(limits.reserve(sms(provider, sender), newRun()))
                .as("another message took this second's token")
                .isEmpty();
        assertThat(limits.reserve(sms(provider, sender), held))
                .as("the held one waits its turn instead of going alongside")
                .contains(back.plusSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(limits.reserve(sms(provider, sender), held))
                .as("its new slot has come")
                .isEmpty();
        assertThat(limits.reserve(sms(provider, sender), newRun()))
                .as("the held one was charged")
                .contains(back.plusSeconds(2));
    }

    @Test
    void theProvidersLimitIsReservedFirstAndTheSendersLast() {
        String provider = "twilio-" + sender; // a provider bucket of this test's own
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=2/1s");
        String senderKey = "rate.lineup:rate:sms:" + provider + ":sender:" + sender;

        assertThat(limits.reserve(sms(provider, sender), newRun())).isEmpty();
        assertThat(limits.reserve(sms(provider, sender + "1"), newRun())).isEmpty();

        RunContext again = newRun();
        assertThat(limits.reserve(sms(provider, sender), again))
                .as("the provider is out of tokens: it waits for it first")
                .contains(T0.plusMillis(500));
        assertThat(again.memo().get(senderKey))
                .as("the sender is not booked yet")
                .isEmpty();

        clock.advance(Duration.ofMillis(500));
        assertThat(limits.reserve(sms(provider, sender), again))
                .as("now its sender is busy")
                .contains(T0.plusSeconds(1));
        clock.advance(Duration.ofMillis(500));
        assertThat(limits.reserve(sms(provider, sender), again))
                .as("both paid, the provider's 500 ms ago")
                .isEmpty();

        assertThat(waits(provider, "provider")).isEqualTo(1);
        assertThat(waits(provider, "sender")).isEqualTo(1);
    }

    @Test
    void twoMessagesWaitingForTheProviderNeverGoFromOneSenderCloserThanItsInterval() {
        String provider = "twilio-" + sender;
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=1/100ms");
        // other numbers' messages fill the provider's next 2 s
        for (int message = 0; message < 20; message++) limits.reserve(sms(provider, sender + message), newRun());

        @SuppressWarnings("DistinctVarargsChecker") // each newRun() is a different run
        Map<RunContext, Instant> due = new HashMap<>(Map.of(newRun(), T0, newRun(), T0));
        List<Instant> sends = new ArrayList<>();
        // each job runs when its snooze ends, until it is told to send; the earliest due first
        while (!due.isEmpty()) {
            RunContext next = due.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            clock.set(due.remove(next));
            limits.reserve(sms(provider, sender), next)
                    .ifPresentOrElse(slot -> due.put(next, slot), () -> sends.add(clock.instant()));
        }

        assertThat(Duration.between(sends.get(0), sends.get(1)))
                .as("the sender's interval")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // booked sender first, they would go at T0 + 2 s and T0 + 2.1 s, on sender slots T0 and T0 + 1 s
        assertThat(sends).containsExactly(T0.plusSeconds(2), T0.plusSeconds(3));
    }

    @Test
    void offSwitchesALimitOff() {
        ClusterRateLimits limits =
                worker(redis.url(), "sms-per-sender=off", "sms=off", "email-per-sender=off", "email=1/1s");
        for (int message = 0; message < 100; message++) {
            assertThat(limits.reserve(sms(sender), newRun())).isEmpty();
        }
        Outgoing email =
                new Outgoing(Channel.EMAIL, "smtp-" + sender, "hi@bella.example", "ann@example.com", ZoneId.of("UTC"));
        assertThat(limits.reserve(email, newRun())).isEmpty();
        assertThat(limits.reserve(email, newRun()))
                .as("email keeps its own limit")
                .contains(T0.plusSeconds(1));
    }

    @Test
    void whenRedisGoesDownEachWorkerKeepsToItsShareUntilRedisIsBack(CapturedOutput output) {
        try (TestRedis flaky = new TestRedis()) {
            ClusterRateLimits limits = worker(flaky.url(), "sms-per-sender=1/1s", "sms=off", "workers=2");
            assertThat(limits.reserve(sms(sender), newRun())).isEmpty();
            assertThat(limits.usingRedis()).isTrue();
            assertThat(registry.get("lineup.rate.limit.redis.up").gauge().value())
                    .isEqualTo(1);

            flaky.stop();
            // this worker's share of 1/1s shared by 2 workers: one now, then one every 2 s
            assertThat(limits.reserve(sms(sender), newRun())).isEmpty();
            assertThat(limits.usingRedis()).isFalse();
            assertThat(limits.reserve(sms(sender), newRun())).contains(T0.plusSeconds(2));
            assertThat(limits.reserve(sms(sender), newRun())).contains(T0.plusSeconds(4));
            assertThat(registry.get("lineup.rate.limit.redis.up").gauge().value())
                    .isZero();
            assertThat(registry.get("lineup.rate.limit.fallbacks").counter().count())
                    .isEqualTo(3);

            flaky.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                clock.advance(RedisBuckets.BACK_OFF); // let the worker try Redis again
                limits.reserve(sms(sender + "9"), newRun());
                return limits.usingRedis();
            });
            assertThat(registry.get("lineup.rate.limit.redis.up").gauge().value())
                    .isEqualTo(1);
            assertThat(output.getOut()).containsOnlyOnce("does not answer").containsOnlyOnce("answers again");
        }
    }

    @Test
    void aRedisThatIsNotThereAtStartDoesNotStopReservations() {
        ClusterRateLimits limits =
                worker("redis://127.0.0.1:" + TestRedis.freePort(), "sms-per-sender=1/1s", "sms=off");
        assertThat(limits.reserve(sms(sender), newRun())).isEmpty();
        assertThat(limits.reserve(sms(sender), newRun())).contains(T0.plusSeconds(1));
        assertThat(limits.usingRedis()).isFalse();
    }

    @Test
    void withoutRedisEachWorkerKeepsToItsShareAndSaysSoOnce(CapturedOutput output) {
        ClusterRateLimits limits = worker("", "sms-per-sender=2/1s", "sms=off", "workers=2");
        assertThat(limits.reserve(sms(sender), newRun())).isEmpty();
        assertThat(limits.reserve(sms(sender), newRun())).as("half of 2/1s").contains(T0.plusSeconds(1));
        assertThat(limits.usingRedis()).isFalse();
        assertThat(registry.find("lineup.rate.limit.redis.up").gauge())
                .as("no Redis, no Redis gauge")
                .isNull();
        assertThat(output.getOut())
                .containsOnlyOnce("LINEUP_REDIS_URL is not set")
                .contains("set LINEUP_RATE_LIMIT_WORKERS to the number of worker processes");
    }

    @Test
    void aFreeSlotIsFreeOnAClockFinerThanMilliseconds() {
        clock.advance(Duration.ofNanos(123_456)); // the system clock counts microseconds
        ClusterRateLimits limits = worker(redis.url(), "sms-per-sender=1/1s", "sms=off");
        RunContext run = newRun();
        assertThat(limits.reserve(sms(sender), run)).isEmpty();
        assertThat(limits.reserve(sms(sender), run))
                .as("paid, and its slot has come")
                .isEmpty();
        assertThat(limits.reserve(sms(sender), newRun()))
                .contains(T0.plusSeconds(1).plusMillis(1));
    }

    /** A worker process's rate limits: the shipped defaults with some {@code key=value} changed. */
    private ClusterRateLimits worker(String redisUrl, String... settings) {
        var values = new HashMap<>(Map.of(
                "sms",
                "100/1s",
                "sms-per-sender",
                "1/1s",
                "email",
                "10/1s",
                "email-per-sender",
                "off",
                "workers",
                "1"));
        for (String setting : settings) {
            String[] keyValue = setting.split("=", 2);
            values.put(keyValue[0], keyValue[1]);
        }
        var properties = new RateLimitProperties(
                redisUrl,
                values.get("sms"),
                values.get("sms-per-sender"),
                values.get("email"),
                values.get("email-per-sender"),
                Integer.parseInt(values.get("workers")));
        ClusterRateLimits limits = new ClusterRateLimits(properties, clock, registry);
        workers.add(limits);
        return limits;
    }

    private double waits(String provider, String limit) {
        return registry.get("lineup.rate.limit.waits")
                .tags("provider", provider, "limit", limit)
                .counter()
                .count();
    }

    private static Outgoing sms(String sender) {
        return sms("twilio", sender);
    }

    private static Outgoing sms(String provider, String sender) {
        return new Outgoing(Channel.SMS, provider, sender, "+14155550199", ZoneId.of("America/Los_Angeles"));
    }

    private static RunContext newRun() {
        return new RunContext(UUID.randomUUID(), "salon-bella", Priority.NORMAL, 1, JobMemo.inMemory());
    }
}
