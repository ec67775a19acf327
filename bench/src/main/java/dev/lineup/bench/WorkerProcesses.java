package dev.lineup.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drain rate with 1, 2 and 4 worker processes on one PostgreSQL: each process is the production
 * server jar ({@code LINEUP_ROLES=worker}, 16 threads), beside one process with the API and the
 * scheduler. For each count a fresh database gets {@code bench.jobs} sandbox SMS jobs in batches of
 * 1,000 over HTTP while the workers run; the rate is jobs over the time from the first batch to the
 * last success. Run with {@code -Pbench}: {@code java -cp ... dev.lineup.bench.WorkerProcesses
 * server/target/lineup-server.jar bench/results}. Binds 127.0.0.1 only.
 */
public final class WorkerProcesses {

    private static final String KEY = "bench-key-12345678";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/lineup-server.jar");
        Path results = Path.of(args.length > 1 ? args[1] : "bench/results");
        int jobs = Integer.getInteger("bench.jobs", 20_000);
        var rows = new StringBuilder();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start()) {
            for (int workers : List.of(1, 2, 4)) {
                String database = "drain_" + workers;
                try (Connection c = pg.getPostgresDatabase().getConnection()) {
                    c.createStatement().execute("create database " + database);
                }
                String url = pg.getJdbcUrl("postgres", database).replace("localhost", "127.0.0.1");
                double rate = drain(jar, url, workers, jobs);
                System.out.printf("%d worker process(es): %,.0f jobs/s%n", workers, rate);
                rows.append("| ")
                        .append(workers)
                        .append(" | ")
                        .append(String.format("%,.0f jobs/s", rate))
                        .append(" |\n");
            }
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("worker-processes.md"), """
                Drain of %,d sandbox SMS jobs (HTTP batches of 1,000) by worker processes of the server jar, \
                16 threads and a pool of 20 each, beside one API + scheduler process, on one embedded \
                PostgreSQL 17 (fsync on), all on this machine (%d cores).

                | worker processes | drain |
                | --- | --- |
                %s""".formatted(
                        jobs, Runtime.getRuntime().availableProcessors(), rows));
    }

    private static double drain(Path jar, String url, int workers, int jobs) throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            Map<String, String> common = Map.of(
                    "LINEUP_DATABASE_URL",
                    url,
                    "LINEUP_DATABASE_USERNAME",
                    "postgres",
                    "LINEUP_DATABASE_PASSWORD",
                    "unused",
                    "LINEUP_SMS_QUIET_HOURS",
                    "off",
                    "LINEUP_SMS_RATE",
                    "off",
                    "LINEUP_SMS_RATE_PER_SENDER",
                    "off",
                    "LINEUP_SMS_RECIPIENT_CAP",
                    "off");
            int apiPort = freePort();
            int apiManagement = freePort();
            processes.add(start(
                    jar,
                    "api",
                    common,
                    Map.of("LINEUP_ROLES", "api,scheduler", "LINEUP_API_KEYS", "bench:" + KEY),
                    apiPort,
                    apiManagement));
            awaitReady(apiManagement);
            List<Integer> managementPorts = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                int management = freePort();
                managementPorts.add(management);
                processes.add(start(
                        jar,
                        "worker-" + i,
                        common,
                        Map.of("LINEUP_ROLES", "worker", "LINEUP_WORKER_THREADS", "16"),
                        freePort(),
                        management));
            }
            for (int management : managementPorts) awaitReady(management);

            var batch = new StringBuilder("{\"jobs\":[");
            for (int i = 0; i < 1000; i++) {
                if (i > 0) batch.append(',');
                batch.append(
                        "{\"type\":\"sms.send\",\"payload\":{\"to\":\"+1415555%04d\",\"text\":\"Your code is 481516\"}}"
                                .formatted(i));
            }
            batch.append("]}");
            long start = System.nanoTime();
            for (int sent = 0; sent < jobs; sent += 1000) {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/jobs/batch"))
                                .header("Authorization", "Bearer " + KEY)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) throw new IllegalStateException("batch refused: " + response.body());
            }
            try (var pg = java.sql.DriverManager.getConnection(url)) {
                var count = pg.prepareStatement("select count(*) from jobrunr_jobs where state = 'SUCCEEDED'");
                long drainDeadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
                while (true) {
                    try (var rs = count.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) >= jobs) break;
                    }
                    if (System.nanoTime() > drainDeadline) {
                        throw new IllegalStateException(
                                "the workers did not drain " + jobs + " jobs within 30 minutes");
                    }
                    // a benchmark polling its database between reads, not a test waiting on a condition
                    Thread.sleep(20);
                }
            }
            return jobs / (Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0);
        } finally {
            for (Process p : processes) p.destroyForcibly();
            for (Process p : processes) p.waitFor(1, TimeUnit.MINUTES);
        }
    }

    private static Process start(
            Path jar, String name, Map<String, String> common, Map<String, String> own, int port, int management)
            throws IOException {
        Path log = Path.of("target", "worker-processes", name + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        var builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(common);
        builder.environment().putAll(own);
        builder.environment()
                .putAll(Map.of(
                        "SERVER_ADDRESS",
                        "127.0.0.1",
                        "SERVER_PORT",
                        String.valueOf(port),
                        "LINEUP_MANAGEMENT_ADDRESS",
                        "127.0.0.1",
                        "LINEUP_MANAGEMENT_PORT",
                        String.valueOf(management)));
        return builder.start();
    }

    private static void awaitReady(int management) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException notYet) {
                // the process is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no process became ready on management port " + management);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
