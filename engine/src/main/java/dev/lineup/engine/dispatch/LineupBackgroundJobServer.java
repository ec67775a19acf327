package dev.lineup.engine.dispatch;

import dev.lineup.engine.lifecycle.OutageLog;
import org.jobrunr.jobs.Job;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JobRunr's background job server with four changes:
 * <ul>
 *     <li>it can be woken: {@link #wakeUp()} fetches work now instead of at the next poll, which
 *     stays as the safety net;</li>
 *     <li>fetches are never lost: JobRunr fetches on the thread of a job that just finished and
 *     skips the fetch when another one is running, so threads that free up together can sit
 *     idle until the next poll. Here every request for work goes to one fetching thread, which
 *     fetches again as long as requests keep coming;</li>
 *     <li>it writes the successes of its jobs in batches ({@link CompletionBatcher});</li>
 *     <li>a handler's {@link dev.lineup.core.run.Snooze} and {@link dev.lineup.core.run.Drop}
 *     end a run as a wait and an on-purpose end, not as failures;</li>
 *     <li>it outlives the database going away: when JobRunr stops it after a storage error, it
 *     waits for PostgreSQL and starts again ({@link JobServerRecovery}).</li>
 *     <li>a stop costs no attempt: JobRunr stops fetching, waits its
 *     {@code interruptJobsAwaitDurationOnStopBackgroundJobServer} (Lineup's stop grace) for
 *     running jobs and then interrupts the rest, which would end FAILED and spend an attempt.
 *     Here each of them is handed back to the ready set at once instead, keeping its place in
 *     line, as is a job fetched too late to start ({@link BatchingJobPerformer}).</li>
 * </ul>
 * A server built not to run jobs (the scheduler's, see {@link LineupServerBuilder#runsJobs})
 * never fetches: it heartbeats, takes part in the master election and, as master, runs
 * JobRunr's master duties.
 */
public class LineupBackgroundJobServer extends BackgroundJobServer {

    private static final Logger log = LoggerFactory.getLogger(LineupBackgroundJobServer.class);

    private final CompletionBatcher completions;
    private final JobServerRecovery recovery;
    private final AtomicInteger stopsUnderWay = new AtomicInteger();
    private final boolean runsJobs;
    private volatile JobOutcomes outcomes = JobOutcomes.NONE;
    /** From the start of a stop until the next start: interrupted and late jobs go back to the ready set. */
    private volatile boolean handingBack;

    public LineupBackgroundJobServer(
            StorageProvider storageProvider,
            JsonMapper jsonMapper,
            JobActivator jobActivator,
            BackgroundJobServerConfiguration configuration) {
        this(storageProvider, jsonMapper, jobActivator, configuration, true);
    }

    LineupBackgroundJobServer(
            StorageProvider storageProvider,
            JsonMapper jsonMapper,
            JobActivator jobActivator,
            BackgroundJobServerConfiguration configuration,
            boolean runsJobs) {
        super(storageProvider, jsonMapper, jobActivator, configuration);
        this.runsJobs = runsJobs;
        this.completions = new CompletionBatcher(
                getStorageProvider(), getConfiguration().getId().toString());
        // a started server announces itself at once; give it a few polls, as a slow database may need
        Duration announceWithin = getConfiguration().getPollInterval().multipliedBy(3);
        this.recovery = new JobServerRecovery(
                getConfiguration().getId().toString(),
                this::databaseAnswers,
                this::restartAfterOutage,
                this::isAnnounced,
                announceWithin);
    }

    /**
     * After JobRunr stopped this server on its own and it could not be started again within
     * {@code giveUpAfter}, it stays stopped and {@code onGiveUp} runs (the app reports itself
     * broken, so the platform restarts it).
     */
    public void whenStoppedForGood(Duration giveUpAfter, Runnable onGiveUp) {
        recovery.giveUpAfter(giveUpAfter, onGiveUp);
    }

    /** Whether JobRunr stopped this server and it waits for the database to start again. */
    public boolean isRecovering() {
        return recovery.recovering();
    }

    /** Whether this server gave up waiting for the database: it stays stopped until the process restarts. */
    public boolean isStoppedForGood() {
        return recovery.gaveUp();
    }

    @Override
    public void start() {
        recovery.started();
        startAgain();
    }

    /** Starts JobRunr's server with the fetching thread and the completion writer a stop ended. */
    private void startAgain() {
        completions.start();
        steward().startFetcher();
        super.start();
    }

    /** Starts the server again after JobRunr stopped it, once its stop has ended. */
    private void restartAfterOutage() {
        // a stop JobRunr began may still run on its own thread; a start meanwhile would be undone by its end
        while (stopsUnderWay.get() > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // a server JobRunr stopped after an error is stopped once more before a start brings
        // its zookeepers back cleanly
        super.stop();
        startAgain();
    }

    /** A cheap query through the server's own storage: one row of JobRunr's metadata by key. */
    private boolean databaseAnswers() {
        getStorageProvider().getMetadata("database_version", "cluster");
        return true;
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

    /** Whether this server is stopping, so that a job it cannot finish goes back to the ready set. */
    boolean handsBack() {
        return handingBack;
    }

    @Override
    public void start(boolean guard) {
        handingBack = false;
        super.start(guard);
    }

    /**
     * Stops JobRunr's server — it waits the stop grace for running jobs, then interrupts the rest,
     * which hand themselves back — then writes the successes its last jobs handed over. When
     * JobRunr itself stops the server after a storage error, it is started again once the database
     * answers; any other stop is for good.
     */
    @Override
    public void stop() {
        boolean jobRunrGivesUp = JobServerRecovery.jobRunrGivesUp();
        if (!jobRunrGivesUp) recovery.stoppedOnPurpose();
        handingBack = true;
        stopsUnderWay.incrementAndGet();
        try {
            super.stop();
            steward().fetcher.shutdownNow();
            completions.stop();
        } finally {
            stopsUnderWay.decrementAndGet();
        }
        if (jobRunrGivesUp) recovery.jobRunrStopped();
    }

    static final class WakeableJobSteward extends JobSteward {

        private final AtomicLong polls = new AtomicLong();
        /** Jobs that run now. */
        private final AtomicInteger occupied = new AtomicInteger();
        /** Jobs fetched and handed to the thread pool that have not started yet: they count as occupying. */
        private final AtomicInteger handedOver = new AtomicInteger();

        private final AtomicBoolean fetchRequested = new AtomicBoolean();
        private final OutageLog fetchOutage = new OutageLog(log, "Fetching ready jobs");
        private final String name;
        private final BackgroundJobServer server;
        private volatile ExecutorService fetcher;

        WakeableJobSteward(BackgroundJobServer server) {
            super(server);
            this.server = server;
            this.name = "lineup-fetch-" + server.getConfiguration().getId();
            startFetcher();
        }

        /** A fetching thread, new after a stop shut the last one down. */
        synchronized void startFetcher() {
            if (fetcher != null && !fetcher.isShutdown()) return;
            fetchRequested.set(false);
            fetcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
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
                    while (fetchRequested.getAndSet(false)) fetchOnce();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the server is stopping; nothing more to fetch
            }
        }

        /** One fetch on the fetching thread; a failure (the database away) is logged once per outage and left to the next request or poll. */
        private void fetchOnce() {
            // a stopped server fetches nothing, which says nothing about the database
            if (!server.isRunning()) return;
            try {
                onboardNewWork();
                fetchOutage.succeeded();
            } catch (RuntimeException e) {
                fetchOutage.failed(e, "JobRunr's poll tries again");
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
