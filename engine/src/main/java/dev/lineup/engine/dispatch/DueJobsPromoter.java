package dev.lineup.engine.dispatch;

import dev.lineup.engine.lifecycle.PeriodicTask;
import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.jobrunr.jobs.states.StateName.DELETED;
import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/**
 * Moves scheduled jobs that fell due — reminders, and retries after their backoff — into the
 * ready set about once a second, instead of at JobRunr's next poll (5 s at least). Runs on the
 * master worker only, the one JobRunr lets do the same; if JobRunr's own task moves a job
 * first, the version check makes this one step aside. The move fires the ready notification,
 * so an idle worker starts the job at once. A due job whose deadline has passed is deleted as
 * expired instead ({@link ExpiredJobs}).
 */
public class DueJobsPromoter extends PeriodicTask {

    private static final int PAGE = 1000;

    private final BackgroundJobServer server;
    private final StorageProvider storage;
    private final Clock clock;
    private final Consumer<Job> onExpired;

    /** @param onExpired called for each due job deleted because its deadline had passed, once that is saved */
    public DueJobsPromoter(
            BackgroundJobServer server,
            StorageProvider storage,
            Clock clock,
            Duration interval,
            Consumer<Job> onExpired) {
        super(
                "lineup-due-jobs",
                interval,
                interval,
                "Moving due jobs to the ready set (JobRunr's poll does it meanwhile)");
        this.server = server;
        // JobRunr hands out its storage wrapped; the promoter needs Lineup's own, which is not early
        this.storage = storage instanceof ThreadSafeStorageProvider wrapped ? wrapped.getStorageProvider() : storage;
        this.clock = clock;
        this.onExpired = onExpired;
    }

    /**
     * Moves every job due now into the ready set, except those whose deadline has passed: they
     * are deleted as expired instead. Returns how many it moved to the ready set.
     */
    public int promoteDueJobs() {
        int moved = 0;
        List<Job> due;
        do {
            Instant now = clock.instant();
            due = storage instanceof PriorityStorageProvider priority
                    ? priority.getDueJobs(now, ascOnUpdatedAt(PAGE))
                    : storage.getScheduledJobs(now, ascOnUpdatedAt(PAGE));
            for (Job job : due) {
                if (!ExpiredJobs.expireIfPast(job, now)) job.enqueue();
            }
            Set<UUID> lost = Set.of();
            try {
                storage.save(due);
            } catch (ConcurrentJobModificationException e) {
                // JobRunr's own task moved some of them first: they are ready either way (an
                // expired one is deleted when a worker would take it); the rest are saved
                lost = e.getConcurrentUpdatedJobs().stream().map(Job::getId).collect(Collectors.toSet());
            }
            for (Job job : due) {
                if (lost.contains(job.getId())) continue;
                if (job.hasState(DELETED)) onExpired.accept(job);
                else moved++;
            }
            if (!lost.isEmpty()) return moved;
        } while (due.size() == PAGE);
        return moved;
    }

    @Override
    protected boolean due() {
        return server.isRunning() && server.isMaster();
    }

    @Override
    protected void tick() {
        promoteDueJobs();
    }
}
