package dev.lineup.engine.run;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts the thread that armed it once a run's timeout has passed, unless the run ended
 * first. One daemon thread rings every alarm of the JVM: it only interrupts, so it is never busy.
 */
final class TimeoutAlarm {

    private static final ScheduledThreadPoolExecutor ALARMS = alarmThread();

    private final Thread thread;
    private ScheduledFuture<?> scheduled;
    private boolean disarmed;
    private boolean rang;

    private TimeoutAlarm(Thread thread) {
        this.thread = thread;
    }

    /** An alarm that interrupts the calling thread after the timeout. */
    static TimeoutAlarm arm(Duration timeout) {
        var alarm = new TimeoutAlarm(Thread.currentThread());
        alarm.scheduled = ALARMS.schedule(alarm::ring, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return alarm;
    }

    synchronized void ring() {
        if (disarmed) return;
        rang = true;
        thread.interrupt();
    }

    /**
     * Stops the alarm: from now on it cannot interrupt, so an interrupt it made can be cleared
     * for good. Returns whether it interrupted the thread.
     */
    synchronized boolean disarm() {
        disarmed = true;
        scheduled.cancel(false);
        return rang;
    }

    private static ScheduledThreadPoolExecutor alarmThread() {
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lineup-run-timeouts");
            t.setDaemon(true);
            return t;
        });
        // most runs end long before their timeout; without this their alarms would stay queued until then
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
