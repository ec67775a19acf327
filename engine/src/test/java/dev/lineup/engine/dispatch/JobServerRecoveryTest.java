package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.testing.RestartablePostgres;
import dev.lineup.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job server whose PostgreSQL is stopped and started again: JobRunr stops the server at its
 * next heartbeat, and Lineup starts it again once the database answers — or, when it does not
 * come back in time, gives up and says so.
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = JobServerRecoveryTest.OwnPostgres.class)
class JobServerRecoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final RestartablePostgres POSTGRES = new RestartablePostgres();

    /** A database on a server of this test's own, which it can stop. */
    static final class OwnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "ownPostgres", TestDatabase.properties(POSTGRES.newDatabase("lineup_recovery"))));
        }
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    JdbcClient jdbc;

    TestWorkers workers;

    @BeforeEach
    void emptyQueue() {
        POSTGRES.start();
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> jdbc.sql("delete from jobrunr_jobs").update() >= 0);
        workers = new TestWorkers(dataSource, enqueuer);
        workers.jobs.open();
    }

    @AfterEach
    void stopWorkers() {
        POSTGRES.start();
        workers.close();
    }

    @AfterAll
    static void closePostgres() {
        POSTGRES.close();
    }

    private LineupBackgroundJobServer runningServer() {
        var server = workers.server(2, DispatchProperties.defaults(), Duration.ofSeconds(5));
        server.start();
        workers.enqueue(Priority.NORMAL, "before");
        await().atMost(PATIENCE).until(() -> workers.jobs.finished.contains("before"));
        return server;
    }

    @Test
    void aServerJobRunrStoppedRunsJobsAgainOncePostgresIsBack() {
        var server = runningServer();

        POSTGRES.stop();
        await().atMost(PATIENCE).until(server::isRecovering);
        assertThat(server.isRunning()).isFalse();

        POSTGRES.start();
        await().atMost(PATIENCE).until(() -> server.isRunning() && !server.isRecovering());
        workers.enqueue(Priority.NORMAL, "after");
        await().atMost(PATIENCE).until(() -> workers.jobs.finished.contains("after"));
        assertThat(server.isStoppedForGood()).isFalse();
    }

    @Test
    void aServerThatCannotComeBackInTimeGivesUpAndSaysSo() throws InterruptedException {
        var server = runningServer();
        var gaveUp = new CountDownLatch(1);
        server.whenStoppedForGood(Duration.ofSeconds(1), gaveUp::countDown);

        POSTGRES.stop();
        await().atMost(PATIENCE).until(() -> gaveUp.getCount() == 0);
        assertThat(server.isStoppedForGood()).isTrue();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void aServerStoppedOnPurposeWhileWaitingStopsWaiting() {
        var server = runningServer();

        POSTGRES.stop();
        await().atMost(PATIENCE).until(server::isRecovering);
        server.stop();
        await().atMost(PATIENCE).until(() -> !server.isRecovering());
        assertThat(server.isRunning()).isFalse();
        assertThat(server.isStoppedForGood()).isFalse();
    }
}
