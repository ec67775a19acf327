package dev.lineup.engine.dispatch;

import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.deadletter.Quarantine;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.jobrunr.jobs.states.StateName.DELETED;
import static org.jobrunr.jobs.states.StateName.PROCESSING;

/**
 * JobRunr's PostgreSQL storage with two things changed. First, how a worker takes its next jobs:
 * JobRunr fetches the oldest ready jobs; this fetches by priority (with aging), keeps threads free
 * for higher priorities, takes only the priorities the worker serves, and deletes the jobs whose
 * deadline passed instead of starting them ({@link ExpiredJobs}). Second, which server is master:
 * a scheduler's before any worker's ({@link #getLongestRunningBackgroundJobServerId()}).
 * Everything else — states, versions, filters, the dashboard, recurring jobs, housekeeping — is
 * JobRunr's own.
 */
public class PriorityStorageProvider extends PostgresStorageProvider {

    private static final int MAX_EXPIRED_PER_FETCH = 1000;

    private final DispatchProperties properties;
    private final Clock clock;
    private final BiConsumer<Priority, Job> onStart;
    private final Consumer<Job> onExpired;
    private ReadySet readySet;
    private ProducerLimits producerLimits = ProducerLimits.none();
    private Quarantine quarantine;

    /**
     * @param onStart   called for each job this storage hands to a worker, before it runs: the
     *                  place to measure how long it waited
     * @param onExpired called for each job deleted instead because its deadline had passed,
     *                  once the deletion is saved
     */
    public PriorityStorageProvider(
            DataSource dataSource,
            DispatchProperties properties,
            Clock clock,
            BiConsumer<Priority, Job> onStart,
            Consumer<Job> onExpired) {
        super(dataSource, null, DatabaseOptions.CREATE);
        this.properties = properties;
        this.clock = clock;
        this.onStart = onStart;
        this.onExpired = onExpired;
    }

    @Override
    public void setJobMapper(JobMapper jobMapper) {
        super.setJobMapper(jobMapper);
        this.quarantine = new Quarantine(this, dataSource, jobMapper, clock);
        this.readySet = new ReadySet(quarantine, properties, producerLimits);
    }

    /** Limits how many jobs of some producers run at once across the cluster; set before the job mapper. */
    public void setProducerLimits(ProducerLimits producerLimits) {
        this.producerLimits = producerLimits;
    }

    /** Where the jobs this storage cannot read go; the API quarantines through it too, so one count holds all. */
    public Quarantine quarantine() {
        return quarantine;
    }

    @Override
    public List<Job> getJobsToProcess(BackgroundJobServer server, AmountRequest amountRequest) {
        int free = amountRequest.getLimit();
        if (free <= 0) return List.of();
        var running = server.getJobSteward().getJobsInProgress();
        // fetched jobs whose threads have not started yet: of unknown priority here, so they
        // count against the low and normal shares, never past them
        int starting = Math.max(0, server.getJobSteward().getOccupiedWorkerCount() - running.size());
        var occupancy =
                new Occupancy(server.getWorkDistributionStrategy().getWorkerCount(), running, starting, properties);
        var filters = new JobFilterUtils(server.getJobFilters());
        try (Connection connection = dataSource.getConnection();
                Transaction transaction = new Transaction(connection)) {
            Instant now = clock.instant();
            List<Job> saved = new ArrayList<>();
            int room = free;
            int expiredInAll = 0;
            while (room > 0) {
                List<Job> jobs = readySet.lockNext(connection, room, occupancy, now);
                if (jobs.isEmpty()) break;
                int expired = 0;
                for (Job job : jobs) {
                    Priority priority = JobLabels.parse(job.getLabels()).priority();
                    if (ExpiredJobs.expireIfPast(job, now)) {
                        // its deadline passed while it waited: it must not start
                        occupancy.gaveBack(priority);
                        expired++;
                    } else {
                        onStart.accept(priority, job);
                        job.startProcessingOn(server);
                    }
                }
                filters.runOnStateElectionFilter(jobs);
                saved.addAll(save(connection, jobs));
                room -= jobs.size() - expired;
                expiredInAll += expired;
                // expired jobs took places that the jobs behind them can have: saved, they are no
                // longer ready, so look again rather than leave threads idle until the next poll;
                // a backlog of expired jobs is cleared a bounded batch per fetch
                if (expired == 0 || expiredInAll >= MAX_EXPIRED_PER_FETCH) break;
            }
            transaction.commit();
            filters.runOnStateAppliedFilters(saved);
            saved.stream().filter(job -> job.hasState(DELETED)).forEach(onExpired);
            return saved.stream().filter(job -> job.hasState(PROCESSING)).toList();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * The scheduled jobs due by {@code scheduledBefore}, but never early. JobRunr's master asks
     * for the jobs due before the end of its next poll and enqueues them up to a poll interval
     * (5 s) ahead of time: a reminder would go before its runAt, and a job snoozed until a rate
     * limit's slot or the end of quiet hours would come back too soon. Lineup's
     * {@link DueJobsPromoter} makes due jobs ready every second, so nothing waits longer for it.
     */
    @Override
    public List<Job> getScheduledJobs(Instant scheduledBefore, AmountRequest amountRequest) {
        Instant now = clock.instant();
        return super.getScheduledJobs(scheduledBefore.isAfter(now) ? now : scheduledBefore, amountRequest);
    }

    /**
     * JobRunr's master election, with one change: a running server of the scheduler role (its
     * name ends with {@link LineupServerBuilder#SCHEDULER_MARK}) wins over every worker, so the
     * master's duties stay with the scheduler while worker pools scale to zero, and move to the
     * oldest worker only while no scheduler runs. Among equals the longest-running server wins,
     * as in JobRunr: of two schedulers the older is master and the other takes over once the
     * first's heartbeat times out.
     */
    @Override
    public UUID getLongestRunningBackgroundJobServerId() {
        try (Connection connection = dataSource.getConnection();
                var select = connection.prepareStatement("""
                     select id from jobrunr_backgroundjobservers
                     order by (right(name, ?) = ?) desc, firstHeartbeat asc
                     limit 1""")) {
            select.setInt(1, LineupServerBuilder.SCHEDULER_MARK.length());
            select.setString(2, LineupServerBuilder.SCHEDULER_MARK);
            try (var rows = select.executeQuery()) {
                if (rows.next()) return UUID.fromString(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        return super.getLongestRunningBackgroundJobServerId();
    }

    /** The scheduled jobs due by {@code dueBy}, as the {@link DueJobsPromoter}'s clock tells it. */
    List<Job> getDueJobs(Instant dueBy, AmountRequest amountRequest) {
        return super.getScheduledJobs(dueBy, amountRequest);
    }

    private List<Job> save(Connection connection, List<Job> jobs) throws SQLException {
        try {
            return jobTable(connection).save(jobs);
        } catch (ConcurrentJobModificationException e) {
            // locked rows cannot change under us; this mirrors JobRunr's own handling anyway
            Set<UUID> lost =
                    e.getConcurrentUpdatedJobs().stream().map(Job::getId).collect(Collectors.toSet());
            List<Job> saved = new ArrayList<>(jobs);
            saved.removeIf(job -> lost.contains(job.getId()));
            return saved;
        }
    }
}
