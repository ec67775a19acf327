package dev.lineup.core.job;

import org.jobrunr.jobs.states.StateName;

import java.util.EnumSet;
import java.util.Set;

/** How Lineup groups JobRunr's states when it decides whether a job may still be changed. */
public final class JobStates {

    /** Not started: a producer may still cancel, move or replace it. */
    public static final Set<StateName> WAITING =
            EnumSet.of(StateName.AWAITING, StateName.SCHEDULED, StateName.ENQUEUED);
    /** Over for good: its business key is free again. */
    public static final Set<StateName> ENDED = EnumSet.of(StateName.SUCCEEDED, StateName.FAILED, StateName.DELETED);

    private JobStates() {}
}
