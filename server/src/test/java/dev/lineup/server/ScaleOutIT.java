package dev.lineup.server;

import dev.lineup.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lineup scaled out as production runs it: the API, a scheduler and worker processes, each a JVM
 * of its own started from the built server jar, on one PostgreSQL. Thousands of webhook jobs go
 * in over HTTP; one worker serves only critical and high jobs, the other every priority. Midway
 * the dedicated worker is killed with {@code kill -9} while it holds jobs, and later the other is
 * stopped with SIGTERM while a third takes over. Every job must run, none twice at once, both
 * workers must have taken work, and the dedicated worker nothing below high.
 */
@Tag("slow")
class ScaleOutIT {

    private static final Path JAR = Path.of(System.getProperty("lineup.server.jar", "target/lineup-server.jar"));
    private static final Path LOGS = Path.of("target", "scale-out");
    private static final String KEY = "scale-out-key-12345678";
    private static final List<String> PRIORITIES = List.of("critical", "high", "normal", "low");
    private static final int FIRST_WAVE = 3000;
    private static final int SECOND_WAVE = 1000;
    /** Critical jobs whose calls the booking app holds: more than the general worker's threads, so the dedicated one gets some. */
    private static final int HELD = 6;

    private static final int HELD_FROM = 100_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<LineupProcess> processes = new ArrayList<>();
    private final BookingApp bookingApp = new BookingApp();

    @AfterEach
    void stopEverything() {
        processes.forEach(p -> p.process.destroyForcibly());
        bookingApp.close();
    }

    @Test
    void workersOnOneDatabaseShareTheQueueAndLoseNothingWhenOneDies() throws Exception {
        assertThat(JAR)
                .as("the server jar; the integration tests run after package")
                .exists();
        String jdbcUrl = TestPostgres.newDatabase().replace("localhost", "127.0.0.1");
        JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), jdbcUrl));
        Map<String, String> database = Map.of(
                "LINEUP_DATABASE_URL",
                jdbcUrl,
                "LINEUP_DATABASE_USERNAME",
                TestPostgres.USER,
                "LINEUP_DATABASE_PASSWORD",
                "unused-the-test-server-trusts-loopback",
                "LINEUP_DATABASE_POOL_SIZE",
                "8");

        // the API first: it creates the schema, which the others then find
        // the producer sends critical jobs and thousands of requests: its limits are tested elsewhere
        var api = start(
                        "api",
                        database,
                        Map.of(
                                "LINEUP_ROLES", "api",
                                "LINEUP_API_KEYS", "scale:" + KEY,
                                "LINEUP_PRODUCER_MAX_PRIORITY", "scale=critical",
                                "LINEUP_API_REQUEST_RATE", "off",
                                "LINEUP_API_JOB_RATE", "off"))
                .awaitReady();
        var scheduler = start("scheduler", database, Map.of("LINEUP_ROLES", "scheduler"));
        // more threads than the held jobs can fill, so the dedicated worker also drains while it holds some
        var dedicated = start("worker-critical-high", database, worker("critical,high", 8));
        var general = start("worker-all", database, worker("critical,high,normal,low", 4));
        scheduler.awaitReady();
        dedicated.awaitReady();
        general.awaitReady();

        // 1. held critical jobs first, so that the dedicated worker is caught with jobs in hand
        enqueue(
                api,
                IntStream.range(HELD_FROM, HELD_FROM + HELD)
                        .mapToObj(n -> job(n, "critical", "/hold"))
                        .toList());
        enqueue(
                api,
                IntStream.range(0, FIRST_WAVE)
                        .mapToObj(n -> job(n, PRIORITIES.get(n % 4), "/hook"))
                        .toList());
        await().atMost(Duration.ofMinutes(3))
                .until(() -> !processingOn(jdbc, dedicated.name).isEmpty() && succeededOn(jdbc, dedicated.name) >= 100);

        // 2. kill -9 the dedicated worker mid-drain, with jobs it will never finish
        dedicated.process.destroyForcibly().waitFor();
        Set<String> lostWithTheWorker = processingOn(jdbc, dedicated.name);
        assertThat(lostWithTheWorker).as("jobs the killed worker left running").isNotEmpty();
        bookingApp.release();

        // 3. a third worker joins; more jobs arrive; the general worker is stopped with SIGTERM
        var replacement = start("worker-replacement", database, worker("critical,high,normal,low", 4))
                .awaitReady();
        enqueue(
                api,
                IntStream.range(FIRST_WAVE, FIRST_WAVE + SECOND_WAVE)
                        .mapToObj(n -> job(n, PRIORITIES.get(n % 4), "/hook"))
                        .toList());
        general.process.destroy();
        assertThat(general.process.waitFor(3, TimeUnit.MINUTES))
                .as("the worker stopped with SIGTERM exits; see %s", general.log)
                .isTrue();

        int total = HELD + FIRST_WAVE + SECOND_WAVE;
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED'")
                                .query(Integer.class)
                                .single())
                        .as("succeeded jobs; the rest: %s", states(jdbc))
                        .isEqualTo(total));

        // every job ran, and none ran twice at once
        assertThat(bookingApp.calls().keySet())
                .containsAll(
                        IntStream.range(0, FIRST_WAVE + SECOND_WAVE).boxed().toList())
                .containsAll(
                        IntStream.range(HELD_FROM, HELD_FROM + HELD).boxed().toList());
        assertThat(bookingApp.overlapping())
                .as("jobs called again while an earlier call of theirs was running")
                .isEmpty();

        Map<String, List<Run>> runsByWorker = runs(jdbc).stream().collect(Collectors.groupingBy(Run::worker));
        // both workers took work, and the dedicated one nothing below high
        assertThat(runsByWorker.keySet()).contains(dedicated.name, general.name);
        assertThat(runsByWorker.get(dedicated.name)).extracting(Run::priority).allSatisfy(priority -> assertThat(
                        priority)
                .as("priority of a job the critical,high worker ran (0 critical, 1 high, 2 normal, 3 low)")
                .isLessThanOrEqualTo(1));
        // the jobs the killed worker held were run to the end by another
        var lastRunOf = lastRuns(jdbc);
        assertThat(lostWithTheWorker)
                .allSatisfy(id -> assertThat(lastRunOf.get(id)).isNotEqualTo(dedicated.name));
        assertThat(jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED' and id in (:ids)")
                        .param("ids", lostWithTheWorker)
                        .query(Integer.class)
                        .single())
                .isEqualTo(lostWithTheWorker.size());
        assertThat(scheduler.process.isAlive()).isTrue();
        assertThat(replacement.process.isAlive()).isTrue();
    }

    private LineupProcess start(String name, Map<String, String> database, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(database);
        all.putAll(environment);
        var process = LineupProcess.start(JAR, name, all, LOGS);
        processes.add(process);
        return process;
    }

    private static Map<String, String> worker(String priorities, int threads) {
        return Map.of(
                "LINEUP_ROLES",
                "worker",
                "LINEUP_WORKER_PRIORITIES",
                priorities,
                "LINEUP_WORKER_THREADS",
                String.valueOf(threads),
                // held calls outlast the default answer timeout; a timed-out call would be retried while still held
                "LINEUP_WEBHOOK_READ_TIMEOUT",
                "5m",
                // the test's booking app listens on loopback, which webhooks may not reach by default
                "LINEUP_WEBHOOK_ALLOW",
                "127.0.0.0/8");
    }

    private String job(int n, String priority, String path) {
        return """
                {"type":"webhook.call","priority":"%s","payload":{"url":"%s","body":{"n":%d}}}""".formatted(priority, bookingApp.url(path), n);
    }

    private static void enqueue(LineupProcess api, List<String> jobs) {
        for (int from = 0; from < jobs.size(); from += 1000) {
            var batch = jobs.subList(from, Math.min(jobs.size(), from + 1000));
            var response =
                    Http.post(api.url("/api/v1/jobs/batch"), KEY, "{\"jobs\":[" + String.join(",", batch) + "]}");
            assertThat(response.status()).as(response.body()).isEqualTo(202);
        }
    }

    /** The ids of the jobs now running on the worker named {@code worker}. */
    private static Set<String> processingOn(JdbcClient jdbc, String worker) {
        Set<String> ids = new HashSet<>();
        jdbc.sql("select id, jobasjson from jobrunr_jobs where state = 'PROCESSING'")
                .query(row -> {
                    if (lastProcessing(JSON.readTree(row.getString(2))).equals(worker)) ids.add(row.getString(1));
                });
        return ids;
    }

    /** How many jobs the worker named {@code worker} has run to success. */
    private static int succeededOn(JdbcClient jdbc, String worker) {
        return jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED' and jobasjson like :name")
                .param("name", "%\"serverName\":\"" + worker + "\"%")
                .query(Integer.class)
                .single();
    }

    private record Run(String job, String worker, int priority) {}

    /** Every run of every job: which worker started it, and the job's priority (0 critical ... 3 low). */
    private static List<Run> runs(JdbcClient jdbc) {
        List<Run> runs = new ArrayList<>();
        jdbc.sql("select id, lineup_priority, jobasjson from jobrunr_jobs").query(row -> {
            for (JsonNode state : JSON.readTree(row.getString(3)).path("jobHistory")) {
                if (state.path("state").asString().equals("PROCESSING")) {
                    runs.add(new Run(row.getString(1), state.path("serverName").asString(), row.getInt(2)));
                }
            }
        });
        return runs;
    }

    private static Map<String, String> lastRuns(JdbcClient jdbc) {
        Map<String, String> last = new HashMap<>();
        jdbc.sql("select id, jobasjson from jobrunr_jobs").query(row -> {
            last.put(row.getString(1), lastProcessing(JSON.readTree(row.getString(2))));
        });
        return last;
    }

    private static String lastProcessing(JsonNode job) {
        String worker = "";
        for (JsonNode state : job.path("jobHistory")) {
            if (state.path("state").asString().equals("PROCESSING"))
                worker = state.path("serverName").asString();
        }
        return worker;
    }

    private static String states(JdbcClient jdbc) {
        return jdbc.sql("select state, count(*) from jobrunr_jobs group by state")
                .query((row, i) -> row.getString(1) + "=" + row.getInt(2))
                .list()
                .toString();
    }
}
