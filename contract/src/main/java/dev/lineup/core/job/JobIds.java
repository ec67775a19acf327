package dev.lineup.core.job;

import org.jobrunr.jobs.Job;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** How Lineup names jobs. */
public final class JobIds {

    private JobIds() {}

    /**
     * The id of the job a producer enqueues under an idempotency key: the same (producer, key)
     * always names the same job, so a repeat finds it instead of making a second one.
     */
    public static UUID forIdempotencyKey(String producer, String key) {
        return UUID.nameUUIDFromBytes(("lineup:idempotency:" + producer + "\n" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh id, time-ordered like JobRunr's own. */
    public static UUID random() {
        return Job.newUUID();
    }
}
