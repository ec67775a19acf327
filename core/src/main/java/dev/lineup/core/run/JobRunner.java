package dev.lineup.core.run;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.LineupJob;
import dev.lineup.core.enqueue.JobLabels;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.server.runner.ThreadLocalJobContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one class JobRunr stores as every Lineup job's handler. It lives in core, so producers
 * pass JobRunr's enqueue-time check (the handler class must exist where the job is created)
 * without the worker on their classpath, and it hands each record to the worker's
 * {@link JobHandler} for its type.
 *
 * <p>Renaming or moving this class orphans every stored job: it is part of the wire contract.
 */
public class JobRunner implements JobRequestHandler<LineupJob> {

    private final Map<Class<?>, JobHandler<?>> handlers;

    public JobRunner(List<JobHandler<?>> handlers) {
        Map<Class<?>, JobHandler<?>> byClass = new HashMap<>();
        for (JobHandler<?> handler : handlers) {
            JobHandler<?> previous = byClass.put(handler.jobClass(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two handlers for " + JobCatalog.ofRecord(handler.jobClass()).name() + ": "
                        + previous.getClass().getName() + " and " + handler.getClass().getName() + "; keep one.");
            }
        }
        String missing = JobCatalog.TYPES.stream().filter(t -> !byClass.containsKey(t.recordClass()))
                .map(JobType::name).collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No handler for job type(s) " + missing + "; every type in the catalog needs one JobHandler bean.");
        }
        this.handlers = Map.copyOf(byClass);
    }

    @Override
    public void run(LineupJob job) throws Exception {
        JobContext jobContext = ThreadLocalJobContext.getJobContext();
        JobLabels labels = JobLabels.parse(jobContext.getJobLabels());
        var context = new RunContext(jobContext.getJobId(), labels.producer(), labels.priority(), jobContext.amountOfFailures() + 1);
        handle(job, context);
    }

    @SuppressWarnings("unchecked")
    private <J extends LineupJob> void handle(J job, RunContext context) throws Exception {
        ((JobHandler<J>) handlers.get(job.getClass())).handle(job, context);
    }
}
