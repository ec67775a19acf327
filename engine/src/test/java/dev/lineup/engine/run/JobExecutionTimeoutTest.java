package dev.lineup.engine.run;

import dev.lineup.core.run.JobTimedOutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a run meets its timeout, on the test's own thread: the timeout's interrupt becomes a
 * transient {@link JobTimedOutException} and leaves no trace on the thread, while JobRunr's own
 * interrupts (server stopping, job deleted) reach JobRunr as they always did.
 */
class JobExecutionTimeoutTest {

    private static final Duration SHORT = Duration.ofMillis(100);
    private static final Duration NEVER = Duration.ofHours(1);

    private static void blockForever() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aRunPastItsTimeoutIsInterruptedAndFailsAsTimedOut() {
        assertThatThrownBy(() -> JobExecution.runWithin(SHORT, JobExecutionTimeoutTest::blockForever, () -> false))
                .isInstanceOf(JobTimedOutException.class)
                .hasMessage("ran longer than PT0.1S")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class));
        assertThat(Thread.currentThread().isInterrupted())
                .as("the timeout's interrupt is cleared")
                .isFalse();
    }

    @Test
    void aRunThatSwallowsTheInterruptAndReturnsStillTimesOut() {
        JobExecution.Run stubborn = () -> {
            try {
                blockForever();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        assertThatThrownBy(() -> JobExecution.runWithin(SHORT, stubborn, () -> false))
                .isInstanceOf(JobTimedOutException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptFromJobRunrPassesThroughUntouched() {
        JobExecution.Run stoppedByServer = () -> {
            Thread.currentThread().interrupt();
            blockForever();
        };

        assertThatThrownBy(() -> JobExecution.runWithin(NEVER, stoppedByServer, () -> false))
                .isExactlyInstanceOf(InterruptedException.class);
    }

    @Test
    void anInterruptFromJobRunrThatTheRunIgnoredStaysOnTheThreadForJobRunrToSee() throws Exception {
        JobExecution.runWithin(NEVER, () -> Thread.currentThread().interrupt(), () -> false);

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void aJobDeletedWhileItRanKeepsJobRunrsMeaningOfTheInterrupt() {
        assertThatThrownBy(() -> JobExecution.runWithin(SHORT, JobExecutionTimeoutTest::blockForever, () -> true))
                .isExactlyInstanceOf(InterruptedException.class);
    }

    @Test
    void aRunThatEndsInTimeKeepsItsOwnOutcome() throws Exception {
        assertThatThrownBy(() -> JobExecution.runWithin(
                        NEVER,
                        () -> {
                            throw new IllegalStateException("provider said no");
                        },
                        () -> false))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("provider said no");

        JobExecution.runWithin(NEVER, () -> {}, () -> false);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aDisarmedAlarmNeverInterrupts() {
        TimeoutAlarm alarm = TimeoutAlarm.arm(NEVER);

        assertThat(alarm.disarm()).isFalse();
        alarm.ring(); // as if its moment came after the run ended

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
