package dev.lineup.server;

import dev.lineup.api.LineupJobsApi;
import dev.lineup.core.run.JobRunner;
import dev.lineup.dashboard.LineupDashboard;
import dev.lineup.engine.dispatch.LineupBackgroundJobServer;
import dev.lineup.scheduler.LineupScheduler;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server starts the roles LINEUP_ROLES names, and nothing else, with /actuator on its own port. */
class ServerRolesTest {

    /** Arguments that start the server on loopback, on free ports, against a fresh test database. */
    static String[] args(String roles, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--lineup.roles=" + roles,
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--management.server.address=127.0.0.1",
                "--management.server.port=0",
                "--lineup.dashboard.address=127.0.0.1",
                "--lineup.dashboard.port=0",
                // the embedded server trusts loopback; the server insists on a password all the same
                "--spring.datasource.password=unused"));
        TestDatabase.properties(TestPostgres.newDatabase()).forEach((key, value) -> {
            if (!key.endsWith("password")) args.add("--" + key + "=" + value);
        });
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aWorkerRunsJobsAndServesNeitherTheApiNorTheSchedule() {
        try (var worker = LineupServer.start(args("worker"))) {
            assertThat(worker.getBean(LineupBackgroundJobServer.class).runsJobs())
                    .isTrue();
            assertThat(worker.getBeanNamesForType(JobRunner.class)).hasSize(1);
            assertThat(worker.getBeanNamesForType(LineupJobsApi.class)).isEmpty();
            assertThat(worker.getBeanNamesForType(LineupScheduler.class)).isEmpty();
            assertThat(worker.getBeanNamesForType(LineupDashboard.class)).isEmpty();
        }
    }

    @Test
    void theSchedulerRunsAJobServerThatTakesNoJobs() {
        try (var scheduler = LineupServer.start(args("scheduler"))) {
            assertThat(scheduler.getBean(LineupBackgroundJobServer.class).runsJobs())
                    .isFalse();
            assertThat(scheduler.getBeanNamesForType(JobRunner.class)).isEmpty();
        }
    }

    @Test
    void theApiAloneRunsNoJobServer() {
        try (var api = LineupServer.start(args("api", "--lineup.api.keys=salon:salon-key-12345678"))) {
            assertThat(api.getBeanNamesForType(LineupBackgroundJobServer.class)).isEmpty();
            assertThat(api.getBeanNamesForType(LineupJobsApi.class)).hasSize(1);
        }
    }

    @Test
    void actuatorAndTheProbesAreOnTheManagementPortOnly() {
        try (var api = LineupServer.start(args("api,worker", "--lineup.api.keys=salon:salon-key-12345678"))) {
            String management = "http://127.0.0.1:" + port(api, "local.management.port");
            String public_ = "http://127.0.0.1:" + port(api, "local.server.port");

            assertThat(Http.get(management + "/actuator/health/liveness").status())
                    .isEqualTo(200);
            var readiness = Http.get(management + "/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"");
            assertThat(Http.get(management + "/actuator/prometheus").body()).contains("lineup_queue_jobs");
            assertThat(Http.get(public_ + "/actuator/health").status()).isEqualTo(404);
        }
    }

    @Test
    void refusesToStartWithoutADatabasePassword() {
        List<String> args = new ArrayList<>(List.of(args("worker")));
        args.remove("--spring.datasource.password=unused");

        assertThatThrownBy(() -> LineupServer.start(args.toArray(String[]::new)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No database password: set LINEUP_DATABASE_PASSWORD to the password of the database user"
                        + " (LINEUP_DATABASE_USERNAME) on LINEUP_DATABASE_URL. The server has no default password.");
    }

    private static String port(ConfigurableApplicationContext context, String property) {
        String port = context.getEnvironment().getProperty(property);
        assertThat(port).as(property).isNotBlank();
        return port;
    }
}
