package dev.lineup.engine.dispatch;

import dev.lineup.engine.lifecycle.OutageLog;
import dev.lineup.engine.storage.ConnectionLoss;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobPerformingFilters;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Writes SUCCEEDED states in batches: JobRunr commits each finished job on its own, one UPDATE
 * and one WAL flush per job, with the worker thread waiting for it. Here the worker thread hands
 * the finished job over and takes the next one, while one writer saves whatever has finished
 * meanwhile in one transaction — one job when idle, hundreds under load.
 *
 * <p>A job whose success is not yet written is still PROCESSING in the database; if the process
 * dies in that moment, the job runs again after orphan detection, as it would had it died a
 * moment earlier. Delivery stays at least once.
 */
final class CompletionBatcher {

    private static final Logger log = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final int MAX_BATCH = 1000;
    private static final int WRITE_ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private record Finished(Job job, JobPerformingFilters filters) {}

    private final StorageProvider storage;
    private final String name;
    private final LinkedBlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
    private final OutageLog outage = new OutageLog(log, "Saving finished jobs");
    private Thread writer;
    private volatile boolean running;

    CompletionBatcher(StorageProvider storage, String name) {
        this.storage = storage;
        this.name = name;
        start();
    }

    /** Starts writing; again after {@link #stop()} when the job server is started again. */
    synchronized void start() {
        if (running) return;
        running = true;
        writer = new Thread(this::writeUntilStopped, "lineup-completions-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Records a job that succeeded; returns false when stopped, and the caller saves it itself. */
    boolean complete(Job job, JobPerformingFilters filters) {
        if (!running) return false;
        queue.add(new Finished(job, filters));
        return true;
    }

    private void writeUntilStopped() {
        List<Finished> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Finished first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeWithRetries(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the jobs stay PROCESSING in the database: orphan detection runs them again
                log.error(
                        "Could not save {} finished jobs; they will run again after JobRunr's orphan detection",
                        batch.size(),
                        e);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * A failed write (the database restarting, a network blip) is tried again before it gives
     * up, and then job by job, so one bad moment costs at most the jobs that really cannot be
     * saved — those stay PROCESSING and run again after JobRunr's orphan detection.
     */
    private void writeWithRetries(List<Finished> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                outage.succeeded();
                return;
            } catch (RuntimeException e) {
                boolean databaseAway = ConnectionLoss.isCause(e);
                if (attempt == WRITE_ATTEMPTS) {
                    // with the database away, one by one would only fail as many times more
                    if (databaseAway) {
                        outage.failed(
                                e,
                                batch.size() + " jobs stay PROCESSING and run again after JobRunr's orphan detection");
                    } else {
                        writeOneByOne(batch, e);
                    }
                    return;
                }
                if (!databaseAway)
                    log.warn(
                            "Could not save {} finished jobs (attempt {} of {}): {}",
                            batch.size(),
                            attempt,
                            WRITE_ATTEMPTS,
                            e.getMessage());
                LockSupport.parkNanos(RETRY_PAUSE.multipliedBy(attempt).toNanos());
            }
        }
    }

    private void writeOneByOne(List<Finished> batch, RuntimeException cause) {
        int lost = 0;
        for (Finished finished : batch) {
            try {
                write(List.of(finished));
            } catch (RuntimeException e) {
                lost++;
            }
        }
        if (lost > 0) {
            log.error(
                    "Could not save {} of {} finished jobs; they will run again after JobRunr's orphan detection",
                    lost,
                    batch.size(),
                    cause);
        }
    }

    private void write(List<Finished> batch) {
        List<Job> jobs = batch.stream().map(Finished::job).toList();
        Set<UUID> conflicting = Set.of();
        try {
            storage.save(jobs);
        } catch (ConcurrentJobModificationException e) {
            // changed elsewhere meanwhile (cancelled, or rescued as an orphan); the rest is saved
            conflicting = e.getConcurrentUpdatedJobs().stream().map(Job::getId).collect(Collectors.toSet());
            log.info(
                    "{} finished jobs were changed elsewhere while running and keep that state: {}",
                    conflicting.size(),
                    conflicting);
        }
        for (Finished finished : batch) {
            if (!conflicting.contains(finished.job().getId()))
                finished.filters().runOnStateAppliedFilters();
        }
    }

    /** Writes what is left and stops; later completions are saved by their own threads. */
    void stop() {
        Thread writer;
        synchronized (this) {
            running = false;
            writer = this.writer;
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a job handed over while the writer was leaving: write it here
        List<Finished> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) writeWithRetries(rest);
    }
}
