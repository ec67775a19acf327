package dev.lineup.core.run;

import org.jobrunr.jobs.Job;

import java.util.Map;

/**
 * How many times a job snoozed, kept in its metadata: JobRunr counts each snooze's FAILED state
 * as a failure, and Lineup subtracts these to count attempts.
 */
public final class Snoozes {

    static final String KEY = "lineup.snoozes";

    private Snoozes() {
    }

    /** The snoozes recorded in a job's metadata. */
    public static int countIn(Map<String, Object> metadata) {
        Object value = metadata.get(KEY);
        return value == null ? 0 : Integer.parseInt(value.toString());
    }

    /** Records one more snooze on the job. */
    public static void add(Job job) {
        job.getMetadata().put(KEY, Integer.toString(countIn(job.getMetadata()) + 1));
    }
}
