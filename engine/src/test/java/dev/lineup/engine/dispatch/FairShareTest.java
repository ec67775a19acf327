package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.NewJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Within one priority, producers take turns: one producer's backlog cannot hold back another
 * producer's job of the same priority. Handlers wait at a gate, so the assertions are about
 * which jobs the server chose.
 */
class FairShareTest extends DispatchTestSupport {

    private static final Duration POLL = Duration.ofSeconds(5);

    private void enqueue(String producer, Priority priority, String name) {
        workers.enqueue(new NewJob(JobIds.random(), new SendSms("+14155550123", name), priority, producer, null));
    }

    @Test
    void aProducersJobIsTakenInTheFirstFetchBehindAnotherProducersBacklog() {
        for (int i = 1; i <= 200; i++) enqueue("flood", Priority.NORMAL, "flood-" + i);
        enqueue("salon", Priority.NORMAL, "salon-1");

        // four threads, three of which normal jobs may hold: the first fetch takes three
        workers.server(4, DispatchProperties.defaults(), POLL).start();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(workers.jobs.started).hasSize(3));
        assertThat(workers.jobs.started)
                .as("the first fetch")
                .contains("salon-1")
                .filteredOn(name -> name.startsWith("flood-"))
                .containsExactlyInAnyOrder("flood-1", "flood-2");
    }

    @Test
    void producersTakeTurnsAcrossFetches() {
        for (String producer : List.of("a", "b", "c", "d", "e", "f")) {
            for (int i = 1; i <= 20; i++) enqueue(producer, Priority.NORMAL, producer + "-" + i);
        }
        // one thread: every fetch takes one job, so the order of starts is the order of turns
        workers.server(1, DispatchProperties.defaults(), POLL).start();

        workers.jobs.open();
        await().atMost(PATIENCE).until(() -> workers.jobs.finished.size() >= 12);
        assertThat(workers.jobs.started.subList(0, 12))
                .containsExactly("a-1", "b-1", "c-1", "d-1", "e-1", "f-1", "a-2", "b-2", "c-2", "d-2", "e-2", "f-2");
    }

    @Test
    void priorityStillComesBeforeTurns() {
        for (int i = 1; i <= 10; i++) enqueue("flood", Priority.LOW, "low-" + i);
        enqueue("salon", Priority.HIGH, "high-1");
        enqueue("flood", Priority.CRITICAL, "critical-1");

        workers.server(1, DispatchProperties.defaults(), POLL).start();
        workers.jobs.open();
        await().atMost(PATIENCE).until(() -> workers.jobs.finished.size() == 12);
        assertThat(workers.jobs.started.subList(0, 2)).containsExactly("critical-1", "high-1");
    }

    @Test
    void aLimitedProducerNeverRunsMoreThanItsLimitAcrossServers() {
        for (int i = 1; i <= 10; i++) enqueue("salon", Priority.CRITICAL, "salon-" + i);
        for (int i = 1; i <= 3; i++) enqueue("clinic", Priority.CRITICAL, "clinic-" + i);
        var limits = new ProducerLimits("salon=2");
        workers.server(4, DispatchProperties.defaults(), POLL, limits).start();
        workers.server(4, DispatchProperties.defaults(), POLL, limits).start();

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(workers.jobs.started).hasSize(5));
        assertThat(workers.jobs.running())
                .filteredOn(name -> name.startsWith("salon-"))
                .hasSize(2);
        assertThat(workers.jobs.running())
                .filteredOn(name -> name.startsWith("clinic-"))
                .hasSize(3);

        workers.jobs.release(5);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(workers.jobs.started).hasSize(7));
        assertThat(workers.jobs.running())
                .as("the next two salon jobs, no more")
                .hasSize(2)
                .allMatch(name -> name.startsWith("salon-"));
    }

    @Test
    void aBadLimitIsRefusedNamingTheVariable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProducerLimits("salon=0"))
                .hasMessage("LINEUP_PRODUCER_MAX_RUNNING: salon=0: a limit is a whole number of jobs, at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProducerLimits("salon"))
                .hasMessageContaining("is not producer=value");
    }
}
