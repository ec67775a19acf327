package dev.lineup.engine.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Brings a job server back after JobRunr stopped it on its own. JobRunr's open-source server
 * shuts itself down for good when its heartbeat (or too many of its periodic tasks) hits a
 * storage error — a PostgreSQL restart is enough — and nothing starts it again. Here that stop
 * is followed by a wait for the database, probed with a cheap query at a growing pause (up to
 * {@link #MAX_BACKOFF}), and a fresh start once it answers; the outage is logged once (WARN)
 * and the recovery once (INFO). A server that cannot be brought back within the give-up time
 * is reported as stopped for good, so the platform can restart the process.
 *
 * <p>A stop Lineup asked for (the app closing) cancels any wait: such a server stays stopped.
 */
final class JobServerRecovery {

    private static final Logger log = LoggerFactory.getLogger(JobServerRecovery.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final String server;
    private final BooleanSupplier databaseAnswers;
    private final Runnable restart;
    private final BooleanSupplier announced;
    private final Duration announceWithin;
    private final ExecutorService thread;
    private final AtomicBoolean recovering = new AtomicBoolean();
    /** Set by each stop JobRunr makes, cleared by each start: a stop that comes while recovering is not lost. */
    private final AtomicBoolean stoppedByJobRunr = new AtomicBoolean();

    private volatile boolean stoppedOnPurpose;
    private volatile boolean gaveUp;
    private volatile Duration giveUpAfter = Duration.ofMinutes(10);
    private volatile Runnable onGiveUp = () -> {};

    /**
     * @param databaseAnswers a cheap query; true when the database answered it
     * @param restart         makes sure the server is fully stopped, then starts it
     * @param announced       true once a started server has announced itself in the database
     */
    JobServerRecovery(
            String server,
            BooleanSupplier databaseAnswers,
            Runnable restart,
            BooleanSupplier announced,
            Duration announceWithin) {
        this.server = server;
        this.databaseAnswers = databaseAnswers;
        this.restart = restart;
        this.announced = announced;
        this.announceWithin = announceWithin;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lineup-recovery-" + server);
            t.setDaemon(true);
            return t;
        });
    }

    void giveUpAfter(Duration giveUpAfter, Runnable onGiveUp) {
        this.giveUpAfter = giveUpAfter;
        this.onGiveUp = onGiveUp;
    }

    /**
     * Whether the current thread stops the server because JobRunr gave up on it: its server
     * zookeeper after an error in the heartbeat, or one of its periodic task runners after too
     * many errors. Its reset after a heartbeat timeout (stop, then start) is not one.
     */
    static boolean jobRunrGivesUp() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> ("org.jobrunr.server.ServerZooKeeper".equals(f.getClassName())
                                && "stopServer".equals(f.getMethodName()))
                        || ("org.jobrunr.server.JobHandler".equals(f.getClassName())
                                && "run".equals(f.getMethodName()))));
    }

    /** The server was started on purpose: a later stop by JobRunr is recovered from again. */
    void started() {
        stoppedOnPurpose = false;
    }

    /** The server is stopped on purpose: stop waiting, if waiting. */
    void stoppedOnPurpose() {
        stoppedOnPurpose = true;
    }

    /** Whether the server is stopped and waits for the database to start again. */
    boolean recovering() {
        return recovering.get();
    }

    /** Whether the server gave up: it stays stopped until the process restarts. */
    boolean gaveUp() {
        return gaveUp;
    }

    /** JobRunr has stopped the server: wait for the database and start it again, on a thread of its own. */
    void jobRunrStopped() {
        stoppedByJobRunr.set(true);
        if (stoppedOnPurpose || gaveUp || !recovering.compareAndSet(false, true)) return;
        try {
            thread.execute(this::recover);
        } catch (RejectedExecutionException closing) {
            recovering.set(false);
        }
    }

    private void recover() {
        long start = System.nanoTime();
        log.warn(
                "JobRunr stopped job server {} after a storage error; waiting for PostgreSQL, probing at most every {} ms, "
                        + "to start it again (giving up after {})",
                server,
                MAX_BACKOFF.toMillis(),
                giveUpAfter);
        Duration pause = FIRST_BACKOFF;
        int restarts = 0;
        try {
            while (!stoppedOnPurpose) {
                if (Duration.ofNanos(System.nanoTime() - start).compareTo(giveUpAfter) >= 0) {
                    giveUp(start, restarts);
                    return;
                }
                if (answers()) {
                    restarts++;
                    try {
                        stoppedByJobRunr.set(false);
                        restart.run();
                        if (awaitAnnounced()) {
                            log.info(
                                    "Job server {} runs again: PostgreSQL answered and the server was started again {} s after JobRunr stopped it",
                                    server,
                                    seconds(start));
                            return;
                        }
                        log.debug("Job server {} did not announce itself after a start; trying again", server);
                    } catch (RuntimeException e) {
                        log.debug("Starting job server {} again failed", server, e);
                    }
                }
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
                pause = pause.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            recovering.set(false);
        }
        // JobRunr stopped the server again right after it announced itself: a new outage
        if (stoppedByJobRunr.get()) jobRunrStopped();
    }

    private boolean answers() {
        try {
            return databaseAnswers.getAsBoolean();
        } catch (RuntimeException e) {
            log.debug("PostgreSQL does not answer yet: {}", e.getMessage());
            return false;
        }
    }

    private boolean awaitAnnounced() throws InterruptedException {
        long deadline = System.nanoTime() + announceWithin.toNanos();
        while (System.nanoTime() < deadline && !stoppedOnPurpose) {
            if (announced.getAsBoolean()) return true;
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return announced.getAsBoolean();
    }

    private void giveUp(long start, int restarts) {
        gaveUp = true;
        log.error(
                "Job server {} stays stopped: it could not be started again within {} s ({} starts tried after PostgreSQL answered); "
                        + "reporting the process as broken so the platform restarts it",
                server,
                seconds(start),
                restarts);
        onGiveUp.run();
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
    }
}
