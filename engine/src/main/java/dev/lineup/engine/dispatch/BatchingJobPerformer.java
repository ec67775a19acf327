package dev.lineup.engine.dispatch;

import dev.lineup.core.job.JobMetadata;
import dev.lineup.core.job.JobStateWords;
import dev.lineup.core.run.Attempts;
import dev.lineup.core.run.Drop;
import dev.lineup.core.run.JobTimedOutException;
import dev.lineup.core.run.Snooze;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobPerformingFilters;
import org.jobrunr.jobs.states.IllegalJobStateChangeException;
import org.jobrunr.server.BackgroundJobPerformer;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Instant;
import java.util.Optional;

import static org.jobrunr.jobs.states.StateName.PROCESSING;
import static org.jobrunr.jobs.states.StateName.SUCCEEDED;

/**
 * JobRunr's job performer, except that a success is handed to the {@link CompletionBatcher}, that
 * a handler's {@link Snooze} and {@link Drop} end the run as Lineup means them instead of as
 * failures, and that a job its stopping server interrupts (or fetched as it began to stop) is
 * handed back to the ready set instead of failing.
 */
final class BatchingJobPerformer extends BackgroundJobPerformer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingJobPerformer.class);

    private final LineupBackgroundJobServer server;
    private final Job job;

    BatchingJobPerformer(LineupBackgroundJobServer server, Job job) {
        super(server, job);
        this.server = server;
        this.job = job;
    }

    @Override
    protected void performJob() throws Exception {
        Instant placeInLine = JobMetadata.placeInLine(job);
        if (server.handsBack()) {
            // fetched as the server began to stop: never started, so not an attempt either
            if (job.hasState(PROCESSING)) handBack(placeInLine, "its worker stopped before it started");
            return;
        }
        JobMetadata.clearPlaceInLine(job);
        Attempts.running(job);
        try {
            super.performJob();
        } catch (Exception e) {
            if (job.hasState(PROCESSING) && server.handsBack() && interruptedByStop(e)) {
                handBack(placeInLine, "its worker stopped while it ran");
                return;
            }
            // a run deleted or stopped meanwhile is JobRunr's to handle, whatever the handler threw
            if (!job.hasState(PROCESSING) || Thread.currentThread().isInterrupted()) throw e;
            Optional<Snooze> snooze = causeOfType(e, Snooze.class);
            Optional<Drop> drop = causeOfType(e, Drop.class);
            if (snooze.isPresent()) {
                snooze(snooze.get());
            } else if (drop.isPresent()) {
                drop(drop.get());
            } else {
                throw e;
            }
        } finally {
            Attempts.finished();
        }
    }

    /**
     * JobRunr has no PROCESSING → SCHEDULED, so the run ends FAILED (naming {@link Snooze}, which
     * Lineup leaves out of attempts) and is scheduled at once, in one save. JobRunr's own failure
     * handling — its warning with a stack trace, the retry filter — never sees it.
     */
    private void snooze(Snooze snooze) {
        job.failed("Snoozed", snooze);
        job.scheduleAt(snooze.until(), "Snoozed: " + snooze.reason());
        if (save()) {
            LOG.debug("Job {} snoozed until {}: {}", job.getId(), snooze.until(), snooze.reason());
            server.outcomes().snoozed(job);
        }
    }

    /**
     * Sends the job back to the ready set at once, where it keeps {@code placeInLine}: FAILED naming
     * {@link Snooze} (JobRunr has no PROCESSING → ENQUEUED; Lineup leaves such a failure out of
     * every attempt count), then ENQUEUED, in one save. The thread's interrupt is cleared for the
     * save and set again after it, so the stopping pool still ends the thread.
     */
    private void handBack(Instant placeInLine, String why) {
        boolean interrupted = Thread.interrupted();
        try {
            job.failed("Handed back: " + why, new Snooze(Instant.now(), "handed back: " + why));
            job.enqueue();
            JobMetadata.keepPlaceInLine(job, placeInLine);
            if (save()) {
                LOG.info("Job {} handed back to the ready set: {}", job.getId(), why);
                server.outcomes().handedBack(job);
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the run ended because its stopping server interrupted it: the interrupt shows as an
     * {@link InterruptedException} (or the interrupted I/O of a blocking call) somewhere in the
     * failure, or is still pending. A run its own timeout interrupted stays a failed attempt.
     */
    private static boolean interruptedByStop(Exception failure) {
        if (causeOfType(failure, JobTimedOutException.class).isPresent()) return false;
        return Thread.currentThread().isInterrupted()
                || causeOfType(failure, InterruptedException.class).isPresent()
                || causeOfType(failure, InterruptedIOException.class).isPresent()
                || causeOfType(failure, ClosedByInterruptException.class).isPresent();
    }

    private void drop(Drop drop) {
        job.delete(JobStateWords.droppedReason(drop.reason()));
        if (save()) {
            LOG.info("Job {} dropped: {}", job.getId(), drop.reason());
            server.outcomes().dropped(job);
        }
    }

    /** Saves the job's new state; false when it changed meanwhile (deleted by an operator). */
    private boolean save() {
        try {
            saveAndRunStateRelatedJobFilters(job);
            return true;
        } catch (ConcurrentJobModificationException | IllegalJobStateChangeException e) {
            LOG.info("Job {} changed while it ran; keeping that change over its end ({})", job.getId(), e.getMessage());
            return false;
        }
    }

    @Override
    protected void saveAndRunStateRelatedJobFilters(Job job) {
        if (job.getState() == SUCCEEDED && server.completions() != null) {
            var filters = new JobPerformingFilters(job, server.getJobFilters());
            filters.runOnStateElectionFilter();
            if (job.getState() == SUCCEEDED && server.completions().complete(job, filters)) return;
        }
        super.saveAndRunStateRelatedJobFilters(job);
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return Optional.of(type.cast(t));
            if (t.getCause() == t) break;
        }
        return Optional.empty();
    }
}
