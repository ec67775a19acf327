package dev.lineup.engine.enqueue;

import dev.lineup.core.job.JobStates;
import org.jobrunr.jobs.states.StateName;

import java.util.UUID;

/**
 * An enqueue refused because its business key names a job that must not be replaced: one still
 * waiting (and the producer did not ask to replace it), or one already running. Nothing of the
 * enqueue was stored.
 */
public class KeyConflict extends RuntimeException {

    private final int index;
    private final String key;
    private final UUID jobId;
    private final StateName state;

    KeyConflict(int index, String key, UUID jobId, StateName state) {
        super("Key " + key + " names job " + jobId + ", which is " + state);
        this.index = index;
        this.key = key;
        this.jobId = jobId;
        this.state = state;
    }

    /** The position of the refused job in the list given to the enqueuer; 0 for a single job. */
    public int index() {
        return index;
    }

    public String key() {
        return key;
    }

    /** The job the key names. */
    public UUID jobId() {
        return jobId;
    }

    /** Whether that job is running, which no {@code replace} can change, rather than waiting. */
    public boolean running() {
        return !JobStates.WAITING.contains(state);
    }
}
