package dev.lineup.engine.dispatch;

import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JobRunr's background job server with three changes:
 * <ul>
 *     <li>it can be woken: {@link #wakeUp()} fetches work now instead of at the next poll, which
 *     stays as the safety net;</li>
 *     <li>fetches are never lost: JobRunr fetches on the thread of a job that just finished and
 *     skips the fetch when another one is running, so threads that free up together can sit
 *     idle until the next poll. Here every request for work goes to one fetching thread, which
 *     fetches again as long as requests keep coming;</li>
 *     <li>it writes the successes of its jobs in batches ({@link CompletionBatcher});</li>
 *     <li>a handler's {@link dev.lineup.core.run.Snooze} and {@link dev.lineup.core.run.Drop}
 *     end a run as a wait and an on-purpose end, not as failures.</li>
 * </ul>
 * A server built not to run jobs (the scheduler's, see {@link LineupServerBuilder#runsJobs})
 * never fetches: it heartbeats, takes part in the master election and, as master, runs
 * JobRunr's master duties.
 */
public class LineupBackgroundJobServer extends BackgroundJobServer {

    private final CompletionBatcher completions;
    private final boolean runsJobs;
    private volatile JobOutcomes outcomes = JobOutcomes.NONE;

    public LineupBackgroundJobServer(StorageProvider storageProvider, JsonMapper jsonMapper, JobActivator jobActivator,
                                     BackgroundJobServerConfiguration configuration) {
        this(storageProvider, jsonMapper, jobActivator, configuration, true);
    }

    LineupBackgroundJobServer(StorageProvider storageProvider, JsonMapper jsonMapper, JobActivator jobActivator,
                              BackgroundJobServerConfiguration configuration, boolean runsJobs) {
        super(storageProvider, jsonMapper, jobActivator, configuration);
        this.runsJobs = runsJobs;
        this.completions = new CompletionBatcher(getStorageProvider(), getConfiguration().getId().toString());
    }

    @Override
    protected JobSteward createJobSteward() {
        return new WakeableJobSteward(this);
    }

    /** Whether this server fetches and runs jobs; the scheduler's does not. */
    public boolean runsJobs() {
        return runsJobs;
    }

    private WakeableJobSteward steward() {
        return (WakeableJobSteward) getJobSteward();
    }

    /** Asks for a look for ready jobs now; returns at once. */
    public void wakeUp() {
        if (isRunning()) steward().requestFetch();
    }

    /** Looks for ready jobs now, on the caller's thread. */
    void fetchNow() {
        if (isRunning()) steward().onboardNewWork();
    }

    /** How many times JobRunr's own poll has looked for work; tests wait for the first. */
    long polls() {
        return steward().polls.get();
    }

    CompletionBatcher completions() {
        return completions;
    }

    /** Where runs that snoozed or dropped their job are counted; nowhere until set. */
    public void countOutcomesIn(JobOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    JobOutcomes outcomes() {
        return outcomes;
    }

    @Override
    public void processJob(Job job) {
        steward().handedOver.incrementAndGet();
        super.processJob(job);
    }

    /** Stops JobRunr's server, then writes the successes its last jobs handed over. */
    @Override
    public void stop() {
        super.stop();
        steward().fetcher.shutdownNow();
        completions.stop();
    }

    static final class WakeableJobSteward extends JobSteward {

        private final AtomicLong polls = new AtomicLong();
        /** Jobs that run now. */
        private final AtomicInteger occupied = new AtomicInteger();
        /** Jobs fetched and handed to the thread pool that have not started yet: they count as occupying. */
        private final AtomicInteger handedOver = new AtomicInteger();
        private final AtomicBoolean fetchRequested = new AtomicBoolean();
        private final ExecutorService fetcher;
        private final BackgroundJobServer server;

        WakeableJobSteward(BackgroundJobServer server) {
            super(server);
            this.server = server;
            this.fetcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lineup-fetch-" + server.getConfiguration().getId());
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void run() {
            if (!fetches()) return;
            polls.incrementAndGet();
            super.run();
            // a request for work that arrived while this poll held JobRunr's fetch lock was
            // dropped by its tryLock; ask again now that the lock is free
            requestFetch();
        }

        /** Read and updated in an order that can count a starting job twice for a moment, never zero times. */
        @Override
        public int getOccupiedWorkerCount() {
            int starting = handedOver.get();
            return occupied.get() + starting;
        }

        @Override
        public void notifyThreadOccupied() {
            occupied.incrementAndGet();
            handedOver.updateAndGet(n -> Math.max(0, n - 1));
        }

        @Override
        public void notifyThreadIdle() {
            occupied.decrementAndGet();
            requestFetch();
        }

        void requestFetch() {
            if (!fetches()) return;
            if (fetchRequested.getAndSet(true)) return;
            try {
                fetcher.execute(() -> {
                    while (fetchRequested.getAndSet(false)) onboardNewWork();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the server is stopping; nothing more to fetch
            }
        }

        /** Read at each call: JobRunr makes the steward before the server's own fields are set. */
        private boolean fetches() {
            return ((LineupBackgroundJobServer) server).runsJobs;
        }

        void onboardNewWork() {
            if (!fetches()) return;
            // JobRunr's own task: the same lock its poll uses
            getTaskOfType(OnboardNewWorkTask.class).runTaskThreadSafe();
        }
    }
}
