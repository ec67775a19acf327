package dev.lineup.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One Lineup server process started from the built jar, the way a container starts it: the roles
 * and the database in the environment, on loopback ports of its own, its output in a log file.
 */
final class LineupProcess {

    final String name;
    final Process process;
    final int port;
    final int managementPort;
    final Path log;

    private LineupProcess(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts {@code jar} as {@code name}, with {@code environment} on top of the loopback ports. */
    static LineupProcess start(Path jar, String name, Map<String, String> environment, Path logs) {
        int port = freePort();
        int managementPort = freePort();
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true",
                "-jar",
                jar.toString(),
                // the name the job server shows in JobRunr's server table and in each job's history
                "--jobrunr.background-job-server.name=" + name));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "SERVER_ADDRESS", "127.0.0.1",
                        "SERVER_PORT", String.valueOf(port),
                        "LINEUP_MANAGEMENT_ADDRESS", "127.0.0.1",
                        "LINEUP_MANAGEMENT_PORT", String.valueOf(managementPort),
                        "LINEUP_DASHBOARD_ADDRESS", "127.0.0.1"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logs);
            return new LineupProcess(name, builder.start(), port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the readiness probe on the management port answers 200. */
    LineupProcess awaitReady() {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("%s exited with %s; see %s", name, process.isAlive() ? "-" : process.exitValue(), log)
                            .isTrue();
                    return Http.get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")
                                    .status()
                            == 200;
                });
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
