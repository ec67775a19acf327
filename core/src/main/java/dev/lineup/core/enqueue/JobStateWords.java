package dev.lineup.core.enqueue;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.StateName;

import java.time.Instant;
import java.util.Locale;

/**
 * A job's state in the words of Lineup's API. EXPIRED is not one of JobRunr's states: a job that
 * missed its deadline is deleted with a reason that starts with {@link #EXPIRED_REASON}, written
 * by {@link #expiredReason} and read back by {@link #of}.
 */
public final class JobStateWords {

    /** How a deleted job that missed its deadline is told apart: its reason starts with this. */
    static final String EXPIRED_REASON = "Expired:";

    private JobStateWords() {
    }

    /** The deletion reason of a job whose deadline passed before it started. */
    public static String expiredReason(Instant expiresAt) {
        return EXPIRED_REASON + " expiresAt " + expiresAt + " passed before it started";
    }

    /**
     * JobRunr's state name in lower case ({@code scheduled}, {@code enqueued}, {@code processing},
     * {@code succeeded}, {@code failed}, {@code deleted}), or {@code expired} for a job deleted
     * because it would have started after its deadline.
     */
    public static String of(Job job) {
        if (job.getJobState() instanceof DeletedState deleted && deleted.getReason() != null
                && deleted.getReason().startsWith(EXPIRED_REASON)) {
            return "expired";
        }
        StateName state = job.getState();
        return state.name().toLowerCase(Locale.ROOT);
    }
}
