package dev.lineup.core.dispatch;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobPerformingFilters;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    private record Finished(Job job, JobPerformingFilters filters) {
    }

    private final StorageProvider storage;
    private final LinkedBlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    CompletionBatcher(StorageProvider storage, String name) {
        this.storage = storage;
        this.writer = new Thread(this::writeUntilStopped, "lineup-completions-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
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
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the jobs stay PROCESSING in the database: orphan detection runs them again
                log.error("Could not save {} finished jobs; they will run again after JobRunr's orphan detection", batch.size(), e);
            } finally {
                batch.clear();
            }
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
            log.info("{} finished jobs were changed elsewhere while running and keep that state: {}", conflicting.size(), conflicting);
        }
        for (Finished finished : batch) {
            if (!conflicting.contains(finished.job().getId())) finished.filters().runOnStateAppliedFilters();
        }
    }

    /** Writes what is left and stops; later completions are saved by their own threads. */
    void stop() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
