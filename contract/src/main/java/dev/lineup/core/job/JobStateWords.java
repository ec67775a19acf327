package dev.lineup.core.job;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.StateName;

import java.time.Instant;
import java.util.Locale;

/**
 * A job's state in the words of Lineup's API. EXPIRED and DROPPED are not JobRunr's states: a job
 * that missed its deadline, or that its handler dropped, is deleted with a reason that starts
 * with {@link #EXPIRED_REASON} or {@link #DROPPED_REASON}, written by {@link #expiredReason} and
 * {@link #droppedReason} and read back by {@link #of}.
 */
public final class JobStateWords {

    /** How a deleted job that missed its deadline is told apart: its reason starts with this. */
    static final String EXPIRED_REASON = "Expired:";

    private JobStateWords() {}

    /** How a deleted job its handler dropped on purpose is told apart. */
    static final String DROPPED_REASON = "Dropped:";

    /** The deletion reason of a job its handler dropped on purpose. */
    public static String droppedReason(String why) {
        return DROPPED_REASON + " " + why;
    }

    /** The deletion reason of a job whose deadline passed before it started. */
    public static String expiredReason(Instant expiresAt) {
        return EXPIRED_REASON + " expiresAt " + expiresAt + " passed before it started";
    }

    /**
     * JobRunr's state name in lower case ({@code scheduled}, {@code enqueued}, {@code processing},
     * {@code succeeded}, {@code failed}, {@code deleted}), {@code expired} for a job deleted
     * because it would have started after its deadline, or {@code dropped} for one its handler
     * ended on purpose (e.g. an SMS over its recipient's cap).
     */
    public static String of(Job job) {
        if (job.getJobState() instanceof DeletedState deleted && deleted.getReason() != null) {
            if (deleted.getReason().startsWith(EXPIRED_REASON)) return "expired";
            if (deleted.getReason().startsWith(DROPPED_REASON)) return "dropped";
        }
        StateName state = job.getState();
        return state.name().toLowerCase(Locale.ROOT);
    }
}
