package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduler's job server holds JobRunr's master duties so worker pools can scale to zero: it
 * is master over every worker, however long they have run, takes no jobs itself, and hands the
 * duties on when it stops — to another scheduler first, else to the oldest worker.
 */
class MasterElectionTest extends DispatchTestSupport {

    private static final Duration POLL = Duration.ofSeconds(5);

    @BeforeEach
    void noServersYet() {
        jdbc.sql("delete from jobrunr_backgroundjobservers").update();
    }

    @Test
    void aSchedulerIsMasterOverAnOlderWorkerAndHandsBackWhenItStops() {
        var worker = workers.server(1, DispatchProperties.defaults(), POLL);
        worker.start();
        awaitStartedUp(worker);

        var scheduler = workers.scheduler(POLL);
        scheduler.start();
        await().atMost(PATIENCE).until(() -> scheduler.isMaster() && !worker.isMaster());

        scheduler.stop();
        await().atMost(PATIENCE).until(worker::isMaster);
    }

    @Test
    void ofTwoSchedulersTheOlderIsMasterAndTheOtherTakesOverWhenItStops() {
        var first = workers.scheduler(POLL);
        first.start();
        awaitStartedUp(first);
        var second = workers.scheduler(POLL);
        second.start();
        await().atMost(PATIENCE).until(second::isAnnounced);
        assertThat(second.isMaster()).isFalse();

        first.stop();
        await().atMost(PATIENCE).until(second::isMaster);
    }

    /**
     * Waits until the server is master and its startup tasks are done: JobRunr's first server on a
     * database records the data version, and a second one starting meanwhile would record it too.
     */
    private void awaitStartedUp(LineupBackgroundJobServer server) {
        await().atMost(PATIENCE)
                .until(() -> server.isMaster()
                        && jdbc.sql("select count(*) from jobrunr_metadata where id = 'database_version-cluster'")
                                        .query(Integer.class)
                                        .single()
                                == 1);
    }

    @Test
    void aSchedulerTakesNoJobs() {
        workers.jobs.open();
        var scheduler = workers.scheduler(POLL);
        scheduler.start();
        await().atMost(PATIENCE).until(scheduler::isMaster);
        var id = workers.enqueue(Priority.CRITICAL, "not for the scheduler");

        scheduler.fetchNow();

        assertThat(state(id)).isEqualTo("ENQUEUED");
        assertThat(workers.jobs.started).isEmpty();
        assertThat(scheduler.getServerStatus().getWorkerPoolSize()).isEqualTo(1);
        assertThat(scheduler.getServerStatus().getName()).endsWith(LineupServerBuilder.SCHEDULER_MARK);
    }
}
