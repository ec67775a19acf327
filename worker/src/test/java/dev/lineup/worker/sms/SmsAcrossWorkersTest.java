package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import dev.lineup.testing.TestRedis;
import dev.lineup.worker.WorkerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.lineup.worker.sms.FakeTwilio.ACCOUNT_SID;
import static dev.lineup.worker.sms.FakeTwilio.AUTH_TOKEN;
import static dev.lineup.worker.sms.FakeTwilio.FROM;
import static dev.lineup.worker.sms.FakeTwilio.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker processes — two whole worker contexts on one database — sending from one Twilio
 * number through a fake of Twilio, sharing a real Redis for the send rate. The fake counts what
 * arrives: never more than the number's rate allows, whichever worker sends, and the sending
 * goes on when Redis dies.
 */
@Tag("slow") // several whole workers sharing send rates
class SmsAcrossWorkersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Per sender: two at once, then one every half second. */
    private static final int RATE = 2;

    private static FakeTwilio twilio;
    private static TestRedis redis;

    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();

    @BeforeAll
    static void startFakes() {
        twilio = new FakeTwilio();
        twilio.answer(created("SM0123456789abcdef0123456789abcdef", "+14155550199"));
        redis = new TestRedis();
    }

    @AfterAll
    static void stopFakes() {
        twilio.close();
        redis.close();
    }

    @BeforeEach
    void startTwoWorkers() {
        twilio.reset();
        twilio.answer(created("SM0123456789abcdef0123456789abcdef", "+14155550199"));
        String database = TestPostgres.newDatabase();
        workers.add(worker(database));
        workers.add(worker(database));
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(ConfigurableApplicationContext::close);
    }

    /** A worker as its environment variables configure it; four threads, so neither takes every job. */
    private static ConfigurableApplicationContext worker(String database) {
        Map<String, Object> environment = new HashMap<>(TestDatabase.properties(database));
        environment.put("LINEUP_WORKER_THREADS", "4");
        environment.put("LINEUP_SMS_PROVIDER", "twilio");
        environment.put("LINEUP_TWILIO_ACCOUNT_SID", ACCOUNT_SID);
        environment.put("LINEUP_TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        environment.put("LINEUP_TWILIO_FROM", FROM);
        environment.put("LINEUP_TWILIO_BASE_URL", twilio.baseUrl());
        environment.put("LINEUP_REDIS_URL", redis.url());
        environment.put("LINEUP_SMS_RATE_PER_SENDER", RATE + "/1s");
        // two of us: while Redis is down each worker keeps to half of each rate, so together they keep it
        environment.put("LINEUP_RATE_LIMIT_WORKERS", "2");
        // a snoozed job runs when the master next moves due jobs: at the default 1 s, messages whose
        // slots fell within one second could reach the fake together; 100 ms keeps them apart
        environment.put("LINEUP_DISPATCH_DUE_CHECK_INTERVAL", "100ms");
        environment.put("server.address", "127.0.0.1");
        return new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                // first, as real environment variables would be: they win over the apps' own defaults
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("environment", environment)))
                .run();
    }

    /** Verification codes (critical: no quiet hours), each to its own number (no recipient cap). */
    private List<UUID> enqueue(int count) {
        Enqueuer enqueuer = workers.get(0).getBean(Enqueuer.class);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = JobIds.random();
            int number = numbers.incrementAndGet();
            enqueuer.enqueue(new NewJob(
                    id,
                    new SendSms("+1415555%04d".formatted(number), "Your code is 4815" + number),
                    Priority.CRITICAL,
                    "salon",
                    null));
            ids.add(id);
        }
        return ids;
    }

    private boolean allSucceeded(List<UUID> ids) {
        StorageProvider storage = workers.get(0).getBean(StorageProvider.class);
        return ids.stream().allMatch(id -> storage.getJobById(id).getState() == StateName.SUCCEEDED);
    }

    /** When each send reached the fake, in milliseconds, in order. */
    @SuppressWarnings("JavaUtilDate") // WireMock's LoggedRequest only offers a Date
    private static List<Long> arrivals() {
        return twilio.sends().stream()
                .map(request -> request.getLoggedDate().getTime())
                .sorted()
                .toList();
    }

    /**
     * Whether no stretch of arrivals holds more sends than the bucket allows: its capacity plus
     * what it refills in the stretch, with one send of slack for the way from a worker to the
     * fake.
     */
    private static void assertWithinRate(List<Long> arrivals) {
        for (int from = 0; from < arrivals.size(); from++) {
            for (int to = from; to < arrivals.size(); to++) {
                long sends = (long) to - from + 1;
                double seconds = (arrivals.get(to) - arrivals.get(from)) / 1000.0;
                assertThat((double) sends)
                        .as("sends %d..%d within %.3f s", from, to, seconds)
                        .isLessThanOrEqualTo(RATE + RATE * seconds + 1);
            }
        }
    }

    @Test
    void twoWorkersSharingRedisNeverSendFasterThanTheNumbersRate() {
        List<UUID> ids = enqueue(16);

        await().atMost(PATIENCE).until(() -> allSucceeded(ids));

        List<Long> arrivals = arrivals();
        assertThat(arrivals).hasSize(16);
        assertWithinRate(arrivals);
        StorageProvider storage = workers.get(0).getBean(StorageProvider.class);
        Set<UUID> servers = ids.stream()
                .flatMap(id -> storage.getJobById(id).getJobStatesOfType(ProcessingState.class))
                .map(ProcessingState::getServerId)
                .collect(Collectors.toSet());
        assertThat(servers).as("both workers sent").hasSize(2);
    }

    /** Reservations the workers took on their own because Redis was down. */
    private double fallbacks() {
        return workers.stream()
                .mapToDouble(worker -> worker.getBean(MeterRegistry.class)
                        .get("lineup.rate.limit.fallbacks")
                        .counter()
                        .count())
                .sum();
    }

    @Test
    void sendingGoesOnWhenRedisDiesAndTheSharedLimitComesBack() {
        List<UUID> first = enqueue(4);
        await().atMost(PATIENCE).until(() -> allSucceeded(first));
        assertThat(fallbacks()).isZero();

        redis.stop();
        try {
            List<UUID> duringOutage = enqueue(6);
            await().atMost(PATIENCE).until(() -> allSucceeded(duringOutage));
            List<Long> arrivals = arrivals();
            assertThat(arrivals).hasSize(10);
            assertThat(fallbacks())
                    .as("reserved on their own while Redis was down")
                    .isPositive();
            // each worker's half of the rate, added up, is the number's rate (the first 4 went before)
            assertWithinRate(arrivals.subList(4, 10));
        } finally {
            redis.start();
        }

        // a worker tries Redis again a few seconds after it failed: batches go out until one is
        // reserved through Redis alone
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            double before = fallbacks();
            List<UUID> batch = enqueue(2);
            await().atMost(PATIENCE).until(() -> allSucceeded(batch));
            return fallbacks() == before;
        });
    }
}
