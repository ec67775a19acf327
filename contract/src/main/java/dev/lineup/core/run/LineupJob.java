package dev.lineup.core.run;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * A job's payload: one immutable record per job type (in {@code dev.lineup.core.catalog}),
 * stored by JobRunr as JSON under the record's class name. The records are a wire contract:
 * they keep their names, change only by adding fields, and carry ids and plain values, never
 * secrets.
 *
 * <p>Every record names the same handler, {@link JobRunner}. It lives beside this interface
 * because each names the other: JobRunr's job request names its handler class, and the handler
 * names the request it takes.
 */
public interface LineupJob extends JobRequest {

    /**
     * This payload as views may show it (the jobs API, dead letters, logs, the dashboard): the
     * same record with any secret it carries replaced by {@code ***}. Not a property, so it
     * is never stored.
     */
    default LineupJob forViews() {
        return this;
    }

    @Override
    @SuppressWarnings("rawtypes")
    default Class<? extends JobRequestHandler> getJobRequestHandler() {
        return JobRunner.class;
    }
}
