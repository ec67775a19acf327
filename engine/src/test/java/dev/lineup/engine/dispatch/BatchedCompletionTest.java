package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Successes are written in batches, and none is lost when a worker stops or a job changed meanwhile. */
@Tag("slow") // waits on batched writes of running job servers
class BatchedCompletionTest extends DispatchTestSupport {

    private long succeeded() {
        return jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED'")
                .query(Long.class)
                .single();
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

    @Test
    void aWriteOfSuccessesThatFailsIsTriedAgain() {
        // the database refuses the first two writes of a success, as during a restart
        jdbc.sql("create sequence test_write_failures").update();
        jdbc.sql("""
                create function test_refuse_successes() returns trigger language plpgsql as $$
                begin
                    if nextval('test_write_failures') <= 2 then raise exception 'database blip'; end if;
                    return new;
                end $$""").update();
        jdbc.sql("create trigger test_refuse_successes before update on jobrunr_jobs for each row "
                        + "when (new.state = 'SUCCEEDED') execute function test_refuse_successes()")
                .update();
        try {
            workers.jobs.open();
            for (int i = 0; i < 20; i++) workers.enqueue(Priority.NORMAL, "job-" + i);
            workers.server(4, DispatchProperties.defaults(), Duration.ofSeconds(5))
                    .start();

            await().atMost(PATIENCE).until(() -> succeeded() == 20);
            assertThat(workers.jobs.runs)
                    .hasSize(20)
                    .allSatisfy((name, runs) -> assertThat(runs.get()).as(name).isOne());
        } finally {
            jdbc.sql("drop trigger test_refuse_successes on jobrunr_jobs").update();
            jdbc.sql("drop function test_refuse_successes()").update();
            jdbc.sql("drop sequence test_write_failures").update();
        }
    }
}
