package dev.lineup.standalone;

import dev.lineup.api.JobsApiApplication;
import dev.lineup.engine.dispatch.LineupBackgroundJobServer;
import dev.lineup.testing.RestartablePostgres;
import dev.lineup.worker.WorkerApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL restarted under a stream of jobs: the API answers 503 while it is away, readiness
 * goes DOWN and back UP, liveness stays UP, and the worker runs jobs again by itself — every
 * job answered 202 ends SUCCEEDED, with no restart of either app.
 */
@Tag("slow")
class DatabaseOutageTest {

    private static final String KEY = "salon-key-123";
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ConfigurableApplicationContext start(Class<?> app, Map<String, Object> properties) {
        return new SpringApplicationBuilder(app)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> postJob(String baseUrl, int n) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/jobs"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                            {"type":"sms.send","payload":{"to":"+1415%07d","text":"Reminder %d"}}""".formatted(Math.abs(n), n)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String url, String sql, List<String> ids) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                var statement = c.prepareStatement(sql)) {
            if (ids != null) statement.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            var rows = statement.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long succeeded(String url) {
        try {
            return count(url, "select count(*) from jobrunr_jobs where state = 'SUCCEEDED'", null);
        } catch (SQLException e) {
            return -1;
        }
    }

    @Test
    void everyAcceptedJobRunsAndTheWorkerResumesByItselfAfterPostgresRestarts() throws Exception {
        try (var postgres = new RestartablePostgres()) {
            String url = postgres.newDatabase("lineup_outage");
            Map<String, Object> database = Map.of(
                    "spring.datasource.url",
                    url,
                    "spring.datasource.username",
                    "postgres",
                    "spring.datasource.password",
                    "");
            Map<String, Object> apiProperties = new HashMap<>(database);
            apiProperties.putAll(
                    Map.of("server.address", "127.0.0.1", "server.port", "0", "lineup.api.keys", "salon:" + KEY));
            Map<String, Object> workerProperties = new HashMap<>(database);
            workerProperties.putAll(Map.of(
                    "server.address",
                    "127.0.0.1",
                    "server.port",
                    "0",
                    "lineup.worker.delivery.sms-quiet-hours",
                    "off",
                    "lineup.worker.rate-limits.sms-per-sender",
                    "off"));

            try (var apiApp = start(JobsApiApplication.class, apiProperties);
                    var workerApp = start(WorkerApplication.class, workerProperties)) {
                String api = baseUrl(apiApp);
                String worker = baseUrl(workerApp);
                var server = workerApp.getBean(LineupBackgroundJobServer.class);

                // a producer that keeps sending, and a watcher of the probes
                Queue<String> accepted = new ConcurrentLinkedQueue<>();
                Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();
                Queue<String> livenessNotUp = new ConcurrentLinkedQueue<>();
                AtomicBoolean done = new AtomicBoolean();
                Thread producer = new Thread(
                        () -> {
                            for (int n = 0; !done.get(); n++) {
                                var response = postJob(api, n);
                                if (response.statusCode() == 202)
                                    accepted.add(response.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
                                else
                                    refused.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                                            .incrementAndGet();
                            }
                        },
                        "producer");
                var watcher = Executors.newSingleThreadScheduledExecutor();
                var unused = watcher.scheduleWithFixedDelay(
                        () -> {
                            for (String app : List.of(api, worker)) {
                                try {
                                    var liveness = get(app + "/actuator/health/liveness");
                                    if (liveness.statusCode() != 200)
                                        livenessNotUp.add(app + " " + liveness.statusCode() + " " + liveness.body());
                                } catch (RuntimeException e) {
                                    livenessNotUp.add(app + " " + e);
                                }
                            }
                        },
                        0,
                        200,
                        TimeUnit.MILLISECONDS);
                producer.start();

                await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(url) >= 50);
                assertThat(get(api + "/actuator/health/readiness").statusCode()).isEqualTo(200);

                postgres.stop();
                // JobRunr stops its server at the next heartbeat; Lineup waits for the database
                await().atMost(Duration.ofSeconds(60)).until(server::isRecovering);

                long asked = System.nanoTime();
                var whileDown = postJob(api, -1);
                System.out.printf(
                        "OUTAGE: API answered %d in %d ms while PostgreSQL was down%n",
                        whileDown.statusCode(), (System.nanoTime() - asked) / 1_000_000);
                assertThat(whileDown.statusCode()).isEqualTo(503);
                assertThat(whileDown.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(whileDown.headers().firstValue("Retry-After")).isPresent();
                assertThat(get(api + "/actuator/health/readiness").statusCode()).isEqualTo(503);
                assertThat(get(worker + "/actuator/health/readiness").statusCode())
                        .isEqualTo(503);

                postgres.start();
                long back = System.nanoTime();
                long before = -1;
                while (before < 0) before = succeeded(url);
                long succeededWhenBack = before;
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> succeeded(url) > succeededWhenBack);
                System.out.printf(
                        "OUTAGE: first job succeeded %.1f s after PostgreSQL was back%n",
                        (System.nanoTime() - back) / 1e9);

                await().atMost(Duration.ofSeconds(60)).until(() -> server.isRunning() && !server.isRecovering());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(api + "/actuator/health/readiness").statusCode() == 200);
                int acceptedAfterReturn = accepted.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() > acceptedAfterReturn + 20);
                done.set(true);
                producer.join();
                watcher.shutdown();
                assertThat(watcher.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

                List<String> ids = List.copyOf(accepted);
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(count(
                                url,
                                "select count(*) from jobrunr_jobs where state = 'SUCCEEDED' and id = any(?)",
                                ids))
                        .isEqualTo(ids.size()));
                long ranTwice = count(url, """
                        select count(*) from jobrunr_jobs where id = any(?) and
                        (length(jobasjson) - length(replace(jobasjson, '"PROCESSING"', ''))) / length('"PROCESSING"') > 1""", ids);
                long sentTwice = count(url, """
                        select count(*) from (select job_id from lineup_sandbox_messages where job_id::text = any(?)
                        group by job_id having count(*) > 1) twice""", ids);
                System.out.printf(
                        "OUTAGE: accepted %d, refused %s, all succeeded, ran twice %d, sent twice %d, server restarted by itself%n",
                        ids.size(), refused, ranTwice, sentTwice);
                assertThat(livenessNotUp).as("liveness stayed UP").isEmpty();
                assertThat(refused.keySet())
                        .as("only 503s while the database was away")
                        .containsOnly(503);
                assertThat(sentTwice).isZero();
            }
        }
    }

    @Test
    void aWorkerWhoseDatabaseStaysAwayReportsLivenessDownSoThePlatformRestartsIt() {
        try (var postgres = new RestartablePostgres()) {
            String url = postgres.newDatabase("lineup_gone");
            Map<String, Object> workerProperties = new HashMap<>(Map.of(
                    "spring.datasource.url",
                    url,
                    "spring.datasource.username",
                    "postgres",
                    "spring.datasource.password",
                    "",
                    "server.address",
                    "127.0.0.1",
                    "server.port",
                    "0"));
            workerProperties.put("lineup.dispatch.give-up-after", "1s");
            try (var workerApp = start(WorkerApplication.class, workerProperties)) {
                String worker = baseUrl(workerApp);
                var server = workerApp.getBean(LineupBackgroundJobServer.class);
                await().atMost(Duration.ofSeconds(60)).until(server::isRunning);
                assertThat(get(worker + "/actuator/health/liveness").statusCode())
                        .isEqualTo(200);

                postgres.stop();
                await().atMost(Duration.ofSeconds(60)).until(server::isStoppedForGood);
                assertThat(get(worker + "/actuator/health/liveness").statusCode())
                        .isEqualTo(503);
            }
        }
    }
}
