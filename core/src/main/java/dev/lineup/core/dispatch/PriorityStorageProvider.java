package dev.lineup.core.dispatch;

import dev.lineup.core.catalog.Priority;
import dev.lineup.core.enqueue.JobLabels;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobFilterUtils;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageException;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.sql.common.db.Transaction;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.jobrunr.jobs.states.StateName.PROCESSING;

/**
 * JobRunr's PostgreSQL storage with one thing changed: which jobs a worker fetches. JobRunr
 * fetches the oldest ready jobs; this fetches by priority (with aging), keeps threads free for
 * higher priorities, and takes only the priorities the worker serves. Everything else — states,
 * versions, filters, the dashboard, recurring jobs, housekeeping — is JobRunr's own.
 */
public class PriorityStorageProvider extends PostgresStorageProvider {

    private final DispatchProperties properties;
    private final Clock clock;
    private final BiConsumer<Priority, Job> onStart;
    private ReadySet readySet;

    /**
     * @param onStart called for each job this storage hands to a worker, before it runs: the
     *                place to measure how long it waited
     */
    public PriorityStorageProvider(DataSource dataSource, DispatchProperties properties, Clock clock, BiConsumer<Priority, Job> onStart) {
        super(dataSource, null, DatabaseOptions.CREATE);
        this.properties = properties;
        this.clock = clock;
        this.onStart = onStart;
    }

    @Override
    public void setJobMapper(JobMapper jobMapper) {
        super.setJobMapper(jobMapper);
        this.readySet = new ReadySet(jobMapper, properties);
    }

    @Override
    public List<Job> getJobsToProcess(BackgroundJobServer server, AmountRequest amountRequest) {
        int free = amountRequest.getLimit();
        if (free <= 0) return List.of();
        var running = server.getJobSteward().getJobsInProgress();
        // fetched jobs whose threads have not started yet: of unknown priority here, so they
        // count against the low and normal shares, never past them
        int starting = Math.max(0, server.getJobSteward().getOccupiedWorkerCount() - running.size());
        var occupancy = new Occupancy(server.getWorkDistributionStrategy().getWorkerCount(), running, starting, properties);
        var filters = new JobFilterUtils(server.getJobFilters());
        try (Connection connection = dataSource.getConnection(); Transaction transaction = new Transaction(connection)) {
            List<Job> jobs = readySet.lockNext(connection, free, occupancy, clock.instant());
            if (jobs.isEmpty()) return jobs;
            jobs.forEach(job -> onStart.accept(JobLabels.parse(job.getLabels()).priority(), job));
            jobs.forEach(job -> job.startProcessingOn(server));
            filters.runOnStateElectionFilter(jobs);
            List<Job> saved;
            try {
                saved = jobTable(connection).save(jobs);
            } catch (ConcurrentJobModificationException e) {
                // locked rows cannot change under us; this mirrors JobRunr's own handling anyway
                Set<UUID> lost = e.getConcurrentUpdatedJobs().stream().map(Job::getId).collect(Collectors.toSet());
                saved = new ArrayList<>(jobs);
                saved.removeIf(job -> lost.contains(job.getId()));
            }
            transaction.commit();
            filters.runOnStateAppliedFilters(saved);
            return saved.stream().filter(job -> job.hasState(PROCESSING)).toList();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
