package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which jobs real JobRunr servers take, and when: priority order across servers, aging,
 * reserved threads and dedicated pools. Handlers wait at a gate the test opens, so every
 * assertion is about what the servers chose, never about how fast they were.
 */
@Tag("slow") // several job servers draining hundreds of jobs
class PriorityDispatchTest extends DispatchTestSupport {

    private static final Duration POLL = Duration.ofSeconds(5);

    private static DispatchProperties dispatch(double lowShare, double normalShare, Priority... priorities) {
        var defaults = DispatchProperties.defaults();
        var served = priorities.length == 0 ? EnumSet.allOf(Priority.class) : EnumSet.of(priorities[0], priorities);
        return new DispatchProperties(
                served,
                lowShare,
                normalShare,
                defaults.aging(),
                true,
                defaults.dueCheckInterval(),
                defaults.giveUpAfter());
    }

    private void awaitStarted(int jobs) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(workers.jobs.started).hasSize(jobs));
    }

    @Test
    void severalServersTakeCriticalThenHighThenNormalThenLow() {
        for (String priority : List.of("low", "normal", "high", "critical")) {
            for (int i = 1; i <= 3; i++)
                workers.enqueue(Priority.parse(priority).orElseThrow(), priority + "-" + i);
        }
        for (int i = 0; i < 3; i++)
            workers.server(1, DispatchProperties.defaults(), POLL).start();

        for (String priority : List.of("critical", "high", "normal", "low")) {
            int before = workers.jobs.finished.size();
            awaitStarted(before + 3);
            assertThat(workers.jobs.running())
                    .as("the three servers took the three %s jobs first", priority)
                    .allMatch(name -> name.startsWith(priority + "-"))
                    .hasSize(3);
            workers.jobs.release(3);
            await().atMost(PATIENCE).until(() -> workers.jobs.finished.size() == before + 3);
        }
    }

    @Test
    void noJobRunsTwiceAcrossServers() {
        workers.jobs.open();
        Priority[] priorities = Priority.values();
        for (int i = 0; i < 300; i++) workers.enqueue(priorities[i % priorities.length], "job-" + i);
        for (int i = 0; i < 3; i++)
            workers.server(4, DispatchProperties.defaults(), POLL).start();

        await().atMost(Duration.ofSeconds(60)).until(() -> workers.jobs.finished.size() == 300);
        assertThat(workers.jobs.runs)
                .hasSize(300)
                .allSatisfy((name, runs) -> assertThat(runs.get()).as(name).isOne());
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(jdbc.sql("select count(*) from jobrunr_jobs where state = 'SUCCEEDED'")
                                .query(Long.class)
                                .single())
                        .isEqualTo(300L));
    }

    @Test
    void agingLiftsAStarvedLowJobAboveNewerNormalJobs() {
        UUID starved = workers.enqueue(Priority.LOW, "low-starved");
        workers.enqueue(Priority.NORMAL, "normal-fresh");
        workers.enqueue(Priority.LOW, "low-fresh");
        // the starved job has waited 11 minutes; low jobs count as normal after 10
        jdbc.sql("update jobrunr_jobs set updatedat = updatedat - interval '11 minutes' where id = ?")
                .param(starved.toString())
                .update();
        workers.server(1, DispatchProperties.defaults(), POLL).start();

        workers.jobs.open();
        await().atMost(PATIENCE).until(() -> workers.jobs.finished.size() == 3);
        assertThat(workers.jobs.started).containsExactly("low-starved", "normal-fresh", "low-fresh");
    }

    @Test
    void lowAndNormalJobsNeverTakeTheThreadsKeptForHigherPriorities() {
        var server = workers.server(4, dispatch(0.5, 0.75), POLL);
        for (int i = 1; i <= 4; i++) workers.enqueue(Priority.LOW, "low-" + i);
        server.start();
        awaitStarted(2);
        server.fetchNow();
        assertThat(workers.jobs.running())
                .as("low jobs hold at most half of four threads")
                .hasSize(2);

        workers.enqueue(Priority.NORMAL, "normal-1");
        UUID secondNormal = workers.enqueue(Priority.NORMAL, "normal-2");
        server.fetchNow();
        awaitStarted(3);
        server.fetchNow();
        assertThat(workers.jobs.running())
                .as("normal and low together hold at most three of four")
                .hasSize(3)
                .contains("normal-1");
        assertThat(state(secondNormal)).isEqualTo("ENQUEUED");

        UUID critical = workers.enqueue(Priority.CRITICAL, "critical-1");
        server.fetchNow();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(workers.jobs.started).contains("critical-1"));
        assertThat(state(critical)).isEqualTo("PROCESSING");
        assertThat(workers.jobs.finished)
                .as("no low or normal job had to finish first")
                .isEmpty();
    }

    @Test
    void aDedicatedPoolTakesOnlyItsPriorities() {
        workers.jobs.open();
        UUID low = workers.enqueue(Priority.LOW, "low-1");
        UUID normal = workers.enqueue(Priority.NORMAL, "normal-1");
        UUID high = workers.enqueue(Priority.HIGH, "high-1");
        UUID critical = workers.enqueue(Priority.CRITICAL, "critical-1");
        var pool = workers.server(2, dispatch(0.5, 0.75, Priority.CRITICAL, Priority.HIGH), POLL);
        pool.start();

        await().atMost(PATIENCE)
                .until(() -> state(high).equals("SUCCEEDED") && state(critical).equals("SUCCEEDED"));
        pool.fetchNow();
        assertThat(workers.jobs.started).containsExactlyInAnyOrder("critical-1", "high-1");
        assertThat(List.of(state(low), state(normal))).containsOnly("ENQUEUED");
    }
}
