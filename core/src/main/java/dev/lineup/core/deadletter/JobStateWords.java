package dev.lineup.core.deadletter;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.StateName;

import java.util.Locale;

/** A job's state in the words the API and the dashboard use. */
public final class JobStateWords {

    /** How a deleted job that missed its deadline is told apart: its reason starts with this. */
    static final String EXPIRED_REASON = "Expired:";

    private JobStateWords() {
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
