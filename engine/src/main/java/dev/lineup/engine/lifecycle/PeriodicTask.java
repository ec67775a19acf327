package dev.lineup.engine.lifecycle;

import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work an app does on its own every so often, on one daemon thread of its own that starts and
 * stops with the app. A {@link #tick()} that throws (the database is away) is logged once per
 * outage ({@link OutageLog}) and tried again with a growing pause, at most {@link #MAX_BACKOFF}
 * (or the interval, when that is longer), so the task resumes within seconds of the database's
 * return; its first tick that works again is logged at INFO.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    /** The longest pause between failed ticks of a task that runs more often than this. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String threadName;
    private final Duration firstRun;
    private final Duration interval;
    private final OutageLog outage;
    private ScheduledExecutorService thread;
    private int failures;

    protected PeriodicTask(String threadName, Duration firstRun, Duration interval) {
        this(threadName, firstRun, interval, threadName);
    }

    /** @param work what a tick does, for the log: "Moving due jobs to the ready set" */
    protected PeriodicTask(String threadName, Duration firstRun, Duration interval, String work) {
        this.threadName = threadName;
        this.firstRun = firstRun;
        this.interval = interval;
        this.outage = new OutageLog(LoggerFactory.getLogger(getClass()), work);
    }

    /** Does the work once; throws when it could not, and is tried again after a pause. */
    protected abstract void tick();

    /**
     * Whether there is work to do now (a task that runs only on the master worker, say); when
     * not, the tick is skipped and counts neither as working nor as failing.
     */
    protected boolean due() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (thread != null) return;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        failures = 0;
        schedule(thread, firstRun);
    }

    private void schedule(ScheduledExecutorService on, Duration after) {
        try {
            // runOnce catches and logs its own failures and schedules the next run, so the future has nothing to report
            var unused = on.schedule(() -> runOnce(on), after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stopped meanwhile
        }
    }

    private void runOnce(ScheduledExecutorService on) {
        Duration next = interval;
        if (isDue()) {
            try {
                tick();
                failures = 0;
                outage.succeeded();
            } catch (RuntimeException e) {
                failures = Math.min(failures + 1, 30);
                next = backoff();
                outage.failed(e, "next try in " + next.toMillis() + " ms");
            }
        }
        schedule(on, next);
    }

    private boolean isDue() {
        try {
            return due();
        } catch (RuntimeException e) {
            // a state read mid-change (a server stopping); the next tick asks again
            return false;
        }
    }

    /** The pause after {@link #failures} failed ticks in a row: doubling from the interval, capped. */
    private Duration backoff() {
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        Duration pause = interval;
        for (int i = 1; i < failures && pause.compareTo(cap) < 0; i++) pause = pause.multipliedBy(2);
        return pause.compareTo(cap) > 0 ? cap : pause;
    }

    @Override
    public synchronized void stop() {
        if (thread != null) thread.shutdownNow();
        thread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
