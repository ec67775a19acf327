package dev.lineup.core.dispatch;

import dev.lineup.core.catalog.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Successes are written in batches, and none is lost when a worker stops or a job changed meanwhile. */
class BatchedCompletionTest extends DispatchTestSupport {

    private long succeeded() {
        return jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED'").query(Long.class).single();
    }

    @Test
    void stoppingAWorkerWritesEverySuccessItHeld() {
        workers.jobs.open();
        for (int i = 0; i < 200; i++) workers.enqueue(Priority.NORMAL, "job-" + i);
        var server = workers.server(8, DispatchProperties.defaults(), Duration.ofSeconds(5));
        server.start();
        await().atMost(PATIENCE).until(() -> workers.jobs.finished.size() == 200);

        server.stop();

        assertThat(succeeded()).isEqualTo(200);
    }

    @Test
    void aJobCancelledWhileItRanStaysCancelledAndTheRestOfItsBatchIsSaved() {
        UUID cancelled = workers.enqueue(Priority.HIGH, "cancelled");
        UUID kept = workers.enqueue(Priority.HIGH, "kept");
        var server = workers.server(2, DispatchProperties.defaults(), Duration.ofSeconds(5));
        server.start();
        await().atMost(PATIENCE).until(() -> workers.jobs.started.size() == 2);

        var job = storage.getJobById(cancelled);
        job.delete("cancelled by an operator while it ran");
        storage.save(job);
        workers.jobs.open();

        await().atMost(PATIENCE).until(() -> state(kept).equals("SUCCEEDED"));
        assertThat(state(cancelled)).isEqualTo("DELETED");
    }
}
