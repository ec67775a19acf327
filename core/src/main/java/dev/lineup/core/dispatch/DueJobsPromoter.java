package dev.lineup.core.dispatch;

import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/**
 * Moves scheduled jobs that fell due — reminders, and retries after their backoff — into the
 * ready set about once a second, instead of at JobRunr's next poll (5 s at least). Runs on the
 * master worker only, the one JobRunr lets do the same; if JobRunr's own task moves a job
 * first, the version check makes this one step aside. The move fires the ready notification,
 * so an idle worker starts the job at once.
 */
public class DueJobsPromoter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DueJobsPromoter.class);
    private static final int PAGE = 1000;

    private final BackgroundJobServer server;
    private final StorageProvider storage;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService thread;

    public DueJobsPromoter(BackgroundJobServer server, StorageProvider storage, Clock clock, Duration interval) {
        this.server = server;
        this.storage = storage;
        this.clock = clock;
        this.interval = interval;
    }

    /** Moves every job due now into the ready set; returns how many it moved. */
    public int promoteDueJobs() {
        int moved = 0;
        List<Job> due;
        do {
            due = storage.getScheduledJobs(clock.instant(), ascOnUpdatedAt(PAGE));
            due.forEach(Job::enqueue);
            try {
                storage.save(due);
                moved += due.size();
            } catch (ConcurrentJobModificationException e) {
                // JobRunr's own task moved some of them first: they are ready either way
                moved += due.size() - e.getConcurrentUpdatedJobs().size();
                return moved;
            }
        } while (due.size() == PAGE);
        return moved;
    }

    private void tick() {
        try {
            if (server.isRunning() && server.isMaster()) promoteDueJobs();
        } catch (RuntimeException e) {
            log.warn("Could not move due jobs to the ready set; JobRunr's poll will: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lineup-due-jobs");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (thread != null) thread.shutdownNow();
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
