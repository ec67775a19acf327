package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import dev.lineup.engine.deadletter.Quarantine;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison jobs: rows that cannot be read as a runnable job are moved to the dead letters by the
 * fetch that meets them, and every other job still runs. Before quarantine, one such row failed
 * every fetch, so no job started at all.
 */
class QuarantineTest extends DispatchTestSupport {

    private UUID poison(String sqlExpression) {
        UUID id = workers.enqueue(Priority.CRITICAL, "poisoned");
        jdbc.sql("update jobrunr_jobs set jobasjson = " + sqlExpression + " where id = ?")
                .param(id.toString())
                .update();
        return id;
    }

    private String json(UUID id) {
        return jdbc.sql("select jobasjson from jobrunr_jobs where id = ?")
                .param(id.toString())
                .query(String.class)
                .single();
    }

    @Test
    void unreadableJobsAreQuarantinedAndTheOthersRun() {
        UUID corrupted =
                poison("'{\"version\": 0, \"jobName\": \"sms.send\", \"labels\": [\"producer:test\"], broken'");
        // nested deeper than the job mapper reads, as a webhook body 498 deep became inside the job's JSON
        UUID deep = poison("'{\"deep\": " + "[".repeat(600) + "]".repeat(600) + ", ' || substr(jobasjson, 2)");
        UUID payloadGone =
                poison("replace(jobasjson, 'dev.lineup.core.catalog.SendSms', 'dev.lineup.core.catalog.SendFax')");
        UUID handlerGone =
                poison("jsonb_set(jobasjson::jsonb, '{jobDetails,className}', '\"dev.lineup.gone.Handler\"')::text");
        for (int i = 1; i <= 3; i++) workers.enqueue(Priority.NORMAL, "healthy-" + i);

        startOpenWorker();

        await().atMost(PATIENCE).until(() -> workers.jobs.finished.size() == 3);
        assertThat(workers.jobs.started).containsExactlyInAnyOrder("healthy-1", "healthy-2", "healthy-3");
        for (UUID id : new UUID[] {corrupted, deep, payloadGone, handlerGone}) {
            assertThat(state(id)).as("job %s", id).isEqualTo("FAILED");
            assertThat(json(id))
                    .as("job %s", id)
                    .contains(Quarantine.REASON_PREFIX)
                    .contains("\"doNotRetry\":true");
        }
        assertThat(json(corrupted)).contains("its stored JSON cannot be read");
        assertThat(json(deep))
                .contains("its stored JSON cannot be read")
                .contains("producer:test")
                .contains("priority:critical");
        assertThat(json(payloadGone)).contains("dev.lineup.core.catalog.SendFax");
        assertThat(json(handlerGone)).contains("its handler class dev.lineup.gone.Handler no longer exists");
        // the rewritten rows are ordinary JobRunr jobs again
        assertThat(storage.getJobById(deep).getJobName()).isEqualTo("sms.send");
    }
}
