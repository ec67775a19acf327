package dev.lineup.core.run;

import org.jobrunr.JobRunrException;

/**
 * A failure that retrying cannot fix: a 4xx from a webhook, a payload that no longer validates.
 * The job ends FAILED at once, without using its retries, and shows up as a dead letter.
 */
public class PermanentFailure extends JobRunrException {

    public PermanentFailure(String message) {
        super(message, true);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, true, cause);
    }
}
