package dev.lineup.core.run;

/**
 * A run took longer than its timeout and was interrupted. Transient: the job is retried like
 * any other failure. Whatever the interrupted handler threw is attached as suppressed, so the
 * stack trace shows where it was stuck.
 *
 * <p>Deliberately not caused by the {@link InterruptedException}: JobRunr reads an interrupt
 * in a failure's causes as "the server is stopping".
 */
public class JobTimedOutException extends Exception {

    /** @param message e.g. {@code ran longer than PT30S}; JobRunr rebuilds the exception from it */
    public JobTimedOutException(String message) {
        super(message);
    }
}
