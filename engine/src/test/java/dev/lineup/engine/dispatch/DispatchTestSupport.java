package dev.lineup.engine.dispatch;

import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.testing.TestDatabase;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;

/** An empty queue and hand-built workers for every test; the workers stop after it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabase.class)
abstract class DispatchTestSupport {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    DataSource dataSource;

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    StorageProvider storage;

    @Autowired
    JdbcClient jdbc;

    TestWorkers workers;

    @BeforeEach
    void emptyQueues() {
        jdbc.sql("delete from jobrunr_jobs").update();
        workers = new TestWorkers(dataSource, enqueuer);
    }

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    /** One worker of one thread, every job let through its gate, woken by notifications. */
    LineupBackgroundJobServer startOpenWorker() {
        workers.jobs.open();
        var server = workers.server(1, DispatchProperties.defaults(), Duration.ofSeconds(5));
        server.start();
        workers.listen(server);
        return server;
    }

    String state(UUID id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id.toString())
                .query(String.class)
                .single();
    }
}
