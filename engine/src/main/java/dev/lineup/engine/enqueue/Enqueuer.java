package dev.lineup.engine.enqueue;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Stores new jobs in JobRunr's table, ready for any worker, with what Lineup keeps beside them:
 * business keys, tags and idempotency keys, all in one transaction. Unlike JobRunr's schedulers,
 * which silently keep the existing job when an id is taken, it says whether each job was created
 * or already there, so the API can answer 202 or 200.
 */
public class Enqueuer {

    /** Two calls storing the same explicit id at once: the loser retries and finds the job. */
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final JobMapper jobMapper;
    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Enqueuer(DataSource dataSource, JobMapper jobMapper, Clock clock) {
        this.dataSource = dataSource;
        this.jobMapper = jobMapper;
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.clock = clock;
    }

    /**
     * The outcome for one job.
     *
     * @param id      the job's id
     * @param job     the stored job; null when its idempotency key named a job JobRunr has since
     *                removed (see {@link #purged()})
     * @param created whether this call created it
     */
    public record Enqueued(UUID id, Job job, boolean created) {

        public Enqueued(Job job, boolean created) {
            this(job.getId(), job, created);
        }

        /** The idempotency key named a job whose row JobRunr has already removed: only its id is known. */
        public boolean purged() {
            return job == null;
        }
    }

    /**
     * Stores one job; see {@link #enqueueAll(List)}.
     *
     * @throws KeyConflict when its business key names a job that it may not replace
     */
    public Enqueued enqueue(NewJob newJob) {
        return enqueueAll(List.of(newJob)).get(0);
    }

    /**
     * Stores all jobs in one transaction, in order. A job whose idempotency key or id names an
     * existing job (here or earlier in the list) is returned as it is, not stored again. A job
     * with a business key takes the key over from the job it named if that one has ended, or is
     * still waiting and the new job asks to replace it (it is then cancelled); otherwise nothing
     * is stored and {@link KeyConflict} says which job and why.
     *
     * @throws KeyConflict              as above
     * @throws IllegalArgumentException when two new jobs of the list share a business key
     */
    public List<Enqueued> enqueueAll(List<NewJob> newJobs) {
        for (int attempt = 1; ; attempt++) {
            boolean checkStoredIds = attempt > 1;
            try {
                return transactions.execute(status -> transaction().enqueue(newJobs, checkStoredIds));
            } catch (DuplicateKeyException | ConcurrentJobModificationException raced) {
                // an id was taken: by a job stored before (the first try does not look), or by
                // another call after our look; everything was rolled back, so look and try again
                if (attempt == ATTEMPTS) throw raced;
            }
        }
    }

    private EnqueueTransaction transaction() {
        var jobs = new JobRows(DataSourceUtils.getConnection(dataSource), jobMapper, jdbc);
        return new EnqueueTransaction(
                jobs,
                new IdempotencyKeys(jdbc),
                new BusinessKeys(jdbc),
                new JobTags(jdbcTemplate),
                this::toJob,
                clock.instant());
    }

    Job toJob(NewJob newJob) {
        var details = new JobDetails(newJob.payload());
        boolean later = newJob.runAt() != null && newJob.runAt().isAfter(clock.instant());
        var job = new Job(newJob.id(), details, later ? new ScheduledState(newJob.runAt()) : new EnqueuedState());
        String type = JobCatalog.of(newJob.payload()).name();
        job.setJobName(type);
        job.setLabels(new JobLabels(type, newJob.priority(), newJob.producer()).asList());
        job.setAmountOfRetries(newJob.attempts() - 1);
        JobMetadata.write(job, newJob.expiresAt(), newJob.runTimeout());
        return job;
    }
}
