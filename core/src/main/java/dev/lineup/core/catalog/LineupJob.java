package dev.lineup.core.catalog;

import dev.lineup.core.run.JobRunner;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * A job's payload: one immutable record per job type, stored by JobRunr as JSON under the
 * record's class name. The records in this package are a wire contract: they keep their names,
 * change only by adding fields, and carry ids and plain values, never secrets.
 *
 * <p>Every record names the same handler, {@link JobRunner}, which lives in core so that any
 * app can enqueue without the worker on its classpath; the runner hands the record to the
 * worker's handler for its type.
 */
public sealed interface LineupJob extends JobRequest permits SendEmail, SendSms, CallWebhook, DailyReport {

    @Override
    @SuppressWarnings("rawtypes")
    default Class<? extends JobRequestHandler> getJobRequestHandler() {
        return JobRunner.class;
    }
}
