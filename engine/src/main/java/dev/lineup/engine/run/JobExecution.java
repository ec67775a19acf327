package dev.lineup.engine.run;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.job.FieldError;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import dev.lineup.core.run.Attempts;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.JobMemo;
import dev.lineup.core.run.JobRunner;
import dev.lineup.core.run.JobTimedOutException;
import dev.lineup.core.run.LineupJob;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import jakarta.validation.Validator;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.states.StateName;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * How a worker runs a Lineup job: {@link JobRunner}, the handler class every stored job names,
 * hands each record here, and this hands it to the worker's {@link JobHandler} for its type.
 *
 * <p>Around the handler it enforces what holds for every type: a payload that no longer
 * validates (the record's rules changed after it was stored) fails for good with
 * {@link PermanentFailure}, and a run that takes longer than its timeout is interrupted and
 * fails with {@link JobTimedOutException}, to be retried.
 */
public final class JobExecution implements JobRunner.Execution {

    private static final String MEMO_PREFIX = "lineup.memo.";

    private final Map<Class<?>, JobHandler<?>> handlers;
    private final Validator validator;

    public JobExecution(List<JobHandler<?>> handlers, Validator validator) {
        Map<Class<?>, JobHandler<?>> byClass = new HashMap<>();
        for (JobHandler<?> handler : handlers) {
            JobHandler<?> previous = byClass.put(handler.jobClass(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two handlers for "
                        + JobCatalog.ofRecord(handler.jobClass()).name() + ": "
                        + previous.getClass().getName() + " and "
                        + handler.getClass().getName() + "; keep one.");
            }
        }
        String missing = JobCatalog.TYPES.stream()
                .filter(t -> !byClass.containsKey(t.recordClass()))
                .map(JobType::name)
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "No handler for job type(s) " + missing + "; every type in the catalog needs one JobHandler bean.");
        }
        this.handlers = Map.copyOf(byClass);
        this.validator = validator;
    }

    @Override
    public void run(LineupJob job, JobContext jobContext) throws Exception {
        JobLabels labels = JobLabels.parse(jobContext.getJobLabels());
        // JobRunr's own count takes a snooze for a failure: outside a Lineup server it is all there is
        int attempt = Attempts.failedOfRunningJob().orElseGet(jobContext::amountOfFailures) + 1;
        var context = new RunContext(
                jobContext.getJobId(), labels.producer(), labels.priority(), attempt, memoOf(jobContext));
        requireValid(job);
        Duration timeout = JobMetadata.timeout(jobContext.getMetadata())
                .orElseGet(() -> JobCatalog.of(job).timeout());
        runWithin(timeout, () -> handle(job, context), () -> jobContext.getJobState() == StateName.DELETED);
    }

    /** Notes under {@code lineup.memo.<key>} in the job's metadata, saved with its next state. */
    private static JobMemo memoOf(JobContext jobContext) {
        return new JobMemo() {
            @Override
            public Optional<String> get(String key) {
                Object value = jobContext.getMetadata().get(MEMO_PREFIX + key);
                return Optional.ofNullable(value).map(Object::toString);
            }

            @Override
            public void put(String key, String value) {
                jobContext.saveMetadata(MEMO_PREFIX + key, value);
            }
        };
    }

    private void requireValid(LineupJob job) {
        String errors = validator.validate(job).stream()
                .map(FieldError::of)
                .sorted(Comparator.comparing(FieldError::field))
                .map(e -> (e.field().isEmpty() ? "" : e.field() + ": ") + e.message())
                .collect(Collectors.joining("; "));
        if (!errors.isEmpty()) {
            throw new PermanentFailure(
                    "The stored " + JobCatalog.of(job).name() + " payload is no longer valid: " + errors);
        }
    }

    @SuppressWarnings("unchecked")
    private <J extends LineupJob> void handle(J job, RunContext context) throws Exception {
        ((JobHandler<J>) handlers.get(job.getClass())).handle(job, context);
    }

    /** A handler's run, as a lambda. */
    interface Run {
        void run() throws Exception;
    }

    /**
     * Runs, interrupting the thread once the timeout has passed. A run the timeout interrupted
     * fails with {@link JobTimedOutException} whatever it did next — threw, or swallowed the
     * interrupt and returned — and leaves the thread's interrupt flag clear: JobRunr would read
     * a leftover interrupt as "the server is stopping".
     *
     * <p>JobRunr interrupts for its own reasons too. When the server stops, or the job was
     * deleted while it ran, the run's failure passes through untouched, as JobRunr expects it.
     * The one exception: a job interrupted by both its timeout and a stopping server fails as
     * timed out; it is retried either way.
     *
     * @param deleted whether JobRunr deleted the job meanwhile: its interrupt then wins
     */
    static void runWithin(Duration timeout, Run run, BooleanSupplier deleted) throws Exception {
        Exception failure = null;
        boolean interruptedByTimeout;
        TimeoutAlarm alarm = TimeoutAlarm.arm(timeout);
        try {
            run.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            interruptedByTimeout = alarm.disarm();
        }
        if (interruptedByTimeout && !deleted.getAsBoolean()) {
            Thread.interrupted();
            var timedOut = new JobTimedOutException("ran longer than " + timeout);
            if (failure != null) timedOut.addSuppressed(failure);
            throw timedOut;
        }
        if (failure != null) throw failure;
    }
}
