package dev.lineup.dashboard;

import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts and stops the dashboard app by hand, with settings a shared test context cannot vary. */
@Tag("slow") // starts and stops whole dashboards
@ExtendWith(OutputCaptureExtension.class)
class DashboardLifecycleTest {

    private static ConfigurableApplicationContext start(String... properties) {
        Map<String, Object> settings = new HashMap<>(TestDatabase.properties(TestPostgres.newDatabase()));
        settings.put("lineup.dashboard.address", "127.0.0.1");
        settings.put("lineup.dashboard.port", "0");
        for (String property : properties) {
            String[] kv = property.split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        return new SpringApplicationBuilder(DashboardApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context ->
                        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", settings)))
                .run();
    }

    @Test
    void withoutAPasswordOneIsGeneratedAndWorks(CapturedOutput output) {
        try (var context = start()) {
            DashboardAccess access = context.getBean(DashboardAccess.class);
            var client =
                    new DashboardClient(context.getBean(DashboardServer.class).port());

            assertThat(access.username()).isEqualTo("admin");
            assertThat(access.password()).hasSizeGreaterThanOrEqualTo(20).matches("[A-Za-z0-9_-]+");
            assertThat(client.get("/api/jobs", "admin", access.password()).statusCode())
                    .isEqualTo(200);
            assertThat(client.get("/api/jobs", "admin", "").statusCode()).isEqualTo(401);
            assertThat(output.getOut())
                    .containsOnlyOnce("Generated a dashboard password")
                    .contains("LINEUP_DASHBOARD_PASSWORD");
        }
    }

    @Test
    void theDashboardStopsWithTheContext() {
        int port;
        try (var context = start("lineup.dashboard.password=s3cret-enough")) {
            port = context.getBean(DashboardServer.class).port();
            assertThat(new DashboardClient(port)
                            .get("/api/jobs", "admin", "s3cret-enough")
                            .statusCode())
                    .isEqualTo(200);
        }

        assertRefused(port);
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> {
                    try (var socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port));
                    }
                })
                .as("connecting to port %d", port)
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aServerThatNeverStartedFreesItsPortWhenDestroyed() {
        var properties = new DashboardProperties(
                true,
                "127.0.0.1",
                0,
                "admin",
                "s3cret-enough",
                16,
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(30));
        var server = new DashboardServer(
                properties,
                new InMemoryStorageProvider(),
                new Jackson3JsonMapper(),
                getClass().getClassLoader());
        int port = server.port();

        server.destroy();

        assertRefused(port);
    }

    @Test
    void canBeTurnedOff() {
        try (var context = start("lineup.dashboard.enabled=false")) {
            assertThat(context.getBeanProvider(DashboardAccess.class).getIfAvailable())
                    .isNull();
            assertThat(context.getBeanProvider(DashboardServer.class).getIfAvailable())
                    .isNull();
        }
    }
}
