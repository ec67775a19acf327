package dev.lineup.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone app killed the hard way while producers enqueue, then started again with the
 * same command: first the JVM alone (its PostgreSQL is left running), then the database and the
 * JVM together. Every job answered 202 is still there afterwards and ends succeeded, and each start
 * needs no help.
 */
@Tag("slow")
class StandaloneCrashTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private Process jvm;
    private int port;
    private final List<String> startTimes = new ArrayList<>();

    @AfterEach
    void killEverything() {
        if (jvm != null) jvm.destroyForcibly();
        postmaster().ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void acceptedJobsSurviveKilledProcessesAndEachRestartNeedsNoHelp() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();

        Api api = start();
        enqueueUntilKilled(api, accepted, () -> jvm.destroyForcibly());
        assertThat(postmaster())
                .as("a killed JVM leaves its PostgreSQL running")
                .isPresent();

        api = start();
        enqueueUntilKilled(api, accepted, () -> {
            postmaster().ifPresent(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        });

        Api last = start();
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            Map<String, Long> states = new java.util.TreeMap<>();
            for (String id : accepted) states.merge(last.state(id), 1L, Long::sum);
            assertThat(states).as("every accepted job, by state").containsOnlyKeys("succeeded");
        });
        long sentTwice = accepted.stream()
                .filter(id -> last.get("/api/v1/sandbox/messages?jobId=" + id)
                                .body()
                                .path("messages")
                                .size()
                        > 1)
                .count();
        // figures for the operations guide; the assertions above are what must hold
        System.out.printf("accepted %d, lost 0, sent twice %d, starts %s%n", accepted.size(), sentTwice, startTimes);
    }

    /** Enqueues from four producers until 150 more jobs are accepted, then runs {@code kill} mid-stream. */
    private void enqueueUntilKilled(Api api, Set<String> accepted, Runnable kill) throws InterruptedException {
        int before = accepted.size();
        var stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var producer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        var response = api.post("/api/v1/jobs", """
                                {"type":"email.send","payload":{"to":"ada@example.com","subject":"See you tomorrow","body":"Your haircut is at 10:30."}}""");
                        if (response.status() == 202)
                            accepted.add(response.body().path("id").asString());
                    } catch (RuntimeException refusedOrCut) {
                        // the app is being killed: what was not answered 202 was never promised
                    }
                }
            });
            producer.start();
            producers.add(producer);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.size() >= before + 150);
        kill.run();
        stop.set(true);
        for (Thread producer : producers) producer.join();
    }

    private Api start() throws IOException {
        port = freePort();
        var command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                LineupStandalone.class.getName(),
                "--lineup.standalone.data-dir=" + dataDir,
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--lineup.dashboard.address=127.0.0.1",
                "--lineup.dashboard.port=0"));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDir.resolve("standalone.log").toFile()));
        builder.environment().put("LINEUP_EMAIL_RATE", "off");
        // four producers enqueue as fast as they can and the test reads back every job: not the API's limits under test
        builder.environment().put("LINEUP_API_REQUEST_RATE", "off");
        builder.environment().put("LINEUP_API_JOB_RATE", "off");
        long started = System.nanoTime();
        jvm = builder.start();
        Path keyFile = dataDir.resolve("demo-api-key");
        await().atMost(START)
                .until(() -> Files.exists(keyFile) && !Files.readString(keyFile).isBlank());
        var api = new Api("http://127.0.0.1:" + port, Files.readString(keyFile).trim());
        await().atMost(START)
                .ignoreExceptions()
                .until(() -> api.get("/api/v1/job-types").status() == 200);
        startTimes.add("%.1f s".formatted((System.nanoTime() - started) / 1e9));
        return api;
    }

    private java.util.Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return java.util.Optional.empty();
            return ProcessHandle.of(
                            Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
                    .filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
