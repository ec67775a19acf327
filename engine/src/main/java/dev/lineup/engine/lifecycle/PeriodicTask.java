package dev.lineup.engine.lifecycle;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work an app does on its own every so often, on one daemon thread of its own that starts and
 * stops with the app. {@link #tick()} must not throw: a failed tick is the task's to log, and the
 * next one runs anyway.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final String threadName;
    private final Duration firstRun;
    private final Duration interval;
    private ScheduledExecutorService thread;

    protected PeriodicTask(String threadName, Duration firstRun, Duration interval) {
        this.threadName = threadName;
        this.firstRun = firstRun;
        this.interval = interval;
    }

    protected abstract void tick();

    @Override
    public synchronized void start() {
        if (thread != null) return;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // tick() catches and logs its own failures, so the future has nothing to report; stop() ends it
        var unused = thread.scheduleWithFixedDelay(this::tick, firstRun.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
