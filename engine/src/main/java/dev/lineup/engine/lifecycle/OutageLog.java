package dev.lineup.engine.lifecycle;

import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Logs a run of failures of one kind of work as one outage: a WARN when the first attempt
 * fails, an INFO when an attempt works again, and the tries in between at DEBUG only. A
 * database that stays away for minutes then leaves two lines, not one per retry.
 */
public final class OutageLog {

    private final Logger log;
    private final String work;
    private Instant since;

    /** @param work what fails, as the start of a sentence: "Moving due jobs to the ready set" */
    public OutageLog(Logger log, String work) {
        this.log = log;
        this.work = work;
    }

    /** Records a failed attempt; returns true for the first of an outage, which was logged as a WARN. */
    public synchronized boolean failed(Throwable error, String meanwhile) {
        if (since == null) {
            since = Instant.now();
            log.warn("{} failed ({}); {}; retrying quietly until it works", work, describe(error), meanwhile);
            log.debug("{} failed", work, error);
            return true;
        }
        log.debug("{} failed again: {}", work, describe(error));
        return false;
    }

    /** Records an attempt that worked; logs the end of the outage if there was one. */
    public synchronized void succeeded() {
        if (since == null) return;
        log.info(
                "{} works again, after {} s of failures",
                work,
                Duration.between(since, Instant.now()).toMillis() / 1000.0);
        since = null;
    }

    public synchronized boolean failing() {
        return since != null;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = error.getMessage();
        return root == error || root.getMessage() == null
                ? String.valueOf(message)
                : message + ": " + root.getMessage();
    }
}
