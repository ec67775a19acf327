package dev.lineup.engine.dispatch;

import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.deadletter.Quarantine;
import org.jobrunr.jobs.Job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks the next jobs to run, highest effective priority first, and within one priority from
 * producers in turn, each producer's oldest first.
 *
 * <p>A job's effective priority is its own, or one higher once it has waited longer than its
 * aging threshold. Each effective level is read from at most two ranges — the level's own jobs
 * that have not aged, and the aged jobs of the level below — each with {@code LIMIT} and
 * {@code FOR UPDATE SKIP LOCKED}, so the cost of a fetch depends on how many jobs it takes, not
 * on how many wait. Levels are read only while the fetch still has room.
 *
 * <p>The level's own jobs are taken fairly: the fetch finds the next producers with waiting jobs
 * after the one it served last (a cursor per level, one index probe per producer, at most as many
 * producers as the fetch has room for), gives each an equal share of the room, and locks each
 * producer's oldest jobs from the {@code (lineup_priority, lineup_producer, updatedat)} index in
 * one statement. Room a producer leaves unused goes to the oldest remaining jobs of the level. So
 * one producer's backlog of thousands delays another producer's job by at most one turn of the
 * cursor; with fewer producers waiting than the fetch has room, every one of them gets a share of
 * the next fetch. Aged jobs of the level below are taken oldest first.
 *
 * <p>A row that cannot be read as a runnable job is {@linkplain Quarantine quarantined} where it
 * is met, and the fetch goes on with the others: one poisoned job never stops a worker.
 */
final class ReadySet {

    private static final String SELECT =
            "select id, jobasjson, updatedat from jobrunr_jobs where state = 'ENQUEUED' and lineup_priority = ? ";
    private static final String ORDER = " order by updatedat limit ? for update skip locked";

    /** The next {@code ?} producers with waiting jobs of one priority, after (or from) a producer, in producer order. */
    private static final String NEXT_PRODUCERS = """
            with recursive lane(producer, n) as (
                (select lineup_producer, 1 from jobrunr_jobs
                 where state = 'ENQUEUED' and lineup_priority = ? and lineup_producer %s ?
                 order by lineup_producer limit 1)
                union all
                select (select j.lineup_producer from jobrunr_jobs j
                        where j.state = 'ENQUEUED' and j.lineup_priority = ? and j.lineup_producer > lane.producer
                        order by j.lineup_producer limit 1), n + 1
                from lane where lane.producer is not null and n < ?)
            select producer from lane where producer is not null""";

    /** Up to each named producer's quota of its oldest waiting jobs of one priority. */
    private static final String LOCK_PER_PRODUCER = """
            select j.id, j.jobasjson, j.updatedat from unnest(?::text[], ?::int[]) as lane(producer, quota)
            cross join lateral (
                select id, jobasjson, updatedat from jobrunr_jobs
                where state = 'ENQUEUED' and lineup_priority = ? and lineup_producer = lane.producer %s
                order by updatedat limit lane.quota for update skip locked) j""";

    /**
     * Taken by a fetch that counts a limited producer's running jobs, until it commits the jobs
     * it started: a second fetch skips the producer meanwhile instead of counting the same room.
     */
    private static final String LOCK_PRODUCER_COUNT =
            "select pg_try_advisory_xact_lock(hashtext('lineup.running'), hashtext(?))";

    private static final String COUNT_RUNNING =
            "select count(*) from jobrunr_jobs where state = 'PROCESSING' and lineup_producer = ?";

    private final Quarantine quarantine;
    private final DispatchProperties properties;
    private final Map<String, Integer> maxRunning;
    /** The producer each level was served last from; the next fetch starts after it. */
    private final Map<Priority, String> servedLast = new ConcurrentHashMap<>();

    ReadySet(Quarantine quarantine, DispatchProperties properties, ProducerLimits limits) {
        this.quarantine = quarantine;
        this.properties = properties;
        this.maxRunning = limits.byProducer();
    }

    private record Candidate(Job job, Priority priority, Instant waitingSince) {}

    List<Job> lockNext(Connection connection, int limit, Occupancy occupancy, Instant now) throws SQLException {
        List<Job> taken = new ArrayList<>(limit);
        // how many more jobs each limited producer may start in this fetch, counted once per fetch
        Map<String, Integer> limitedRoom = new HashMap<>();
        for (Priority level : Priority.values()) {
            int remaining = limit - taken.size();
            if (remaining <= 0) break;
            List<Candidate> candidates = new ArrayList<>();
            // the level's own jobs that have not aged into the level above
            Duration ownAging = properties.aging().after(level);
            candidates.addAll(lockFairly(
                    connection,
                    level,
                    ownAging == null ? null : now.minus(ownAging),
                    remaining,
                    occupancy,
                    limitedRoom));
            // jobs of the level below that waited long enough to count as this level
            if (level != Priority.LOW) {
                Priority below = Priority.ofRank(level.rank() + 1);
                Duration belowAging = properties.aging().after(below);
                if (belowAging != null)
                    candidates.addAll(lock(connection, below, now.minus(belowAging), true, remaining, occupancy));
            }
            candidates.sort(Comparator.comparing(Candidate::waitingSince));
            for (Candidate candidate : candidates) {
                if (taken.size() == limit) break;
                if (occupancy.roomFor(candidate.priority()) <= 0) continue;
                occupancy.started(candidate.priority());
                taken.add(candidate.job());
            }
        }
        return taken;
    }

    /** JobRunr stores its timestamps as UTC in columns without a zone; a calendar is not thread-safe. */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC));
    }

    /**
     * Locks up to {@code limit} of one priority's own jobs that have not aged (waiting since
     * {@code notAgedSince} or later; all when null), an equal share from each of the next producers
     * after the one served last, then the oldest of the rest for whatever room the shares left.
     */
    private List<Candidate> lockFairly(
            Connection connection,
            Priority priority,
            Instant notAgedSince,
            int limit,
            Occupancy occupancy,
            Map<String, Integer> limitedRoom)
            throws SQLException {
        int room = Math.min(limit, occupancy.roomFor(priority));
        if (room <= 0) return List.of();
        List<String> producers = nextProducers(connection, priority, room);
        if (producers.isEmpty()) return List.of();
        servedLast.put(priority, producers.get(producers.size() - 1));
        // never more producers than room, so every one gets at least one
        int share = room / producers.size();
        List<String> lanes = new ArrayList<>(producers.size());
        List<Integer> quotas = new ArrayList<>(producers.size());
        for (String producer : producers) {
            int quota = Math.min(share, roomOf(connection, producer, limitedRoom));
            if (quota <= 0) continue;
            lanes.add(producer);
            quotas.add(quota);
        }
        String range = notAgedSince == null ? "" : "and updatedat >= ?";
        List<Candidate> candidates = new ArrayList<>(room);
        if (!lanes.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(LOCK_PER_PRODUCER.formatted(range))) {
                int i = 1;
                statement.setArray(i++, connection.createArrayOf("text", lanes.toArray()));
                statement.setArray(i++, connection.createArrayOf("int4", quotas.toArray()));
                statement.setInt(i++, priority.rank());
                if (notAgedSince != null) statement.setTimestamp(i, Timestamp.from(notAgedSince), utc());
                candidates.addAll(read(connection, statement, priority));
            }
            for (Candidate candidate : candidates) {
                limitedRoom.computeIfPresent(
                        JobLabels.parse(candidate.job().getLabels()).producer(), (p, left) -> left - 1);
            }
        }
        if (candidates.size() < room) {
            List<String> taken =
                    candidates.stream().map(c -> c.job().getId().toString()).toList();
            candidates.addAll(lockOldest(connection, priority, notAgedSince, room - candidates.size(), taken));
        }
        return candidates;
    }

    /**
     * How many more jobs {@code producer} may start: unlimited for a producer without a limit;
     * for one with a limit, its limit less its running jobs, counted once per fetch under a lock
     * that makes a second fetch skip the producer until this one commits, or none when another
     * fetch holds that lock.
     */
    private int roomOf(Connection connection, String producer, Map<String, Integer> limitedRoom) throws SQLException {
        Integer max = maxRunning.get(producer);
        if (max == null) return Integer.MAX_VALUE;
        Integer counted = limitedRoom.get(producer);
        if (counted != null) return counted;
        int room = 0;
        try (PreparedStatement lock = connection.prepareStatement(LOCK_PRODUCER_COUNT)) {
            lock.setString(1, producer);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                if (rows.getBoolean(1)) {
                    try (PreparedStatement count = connection.prepareStatement(COUNT_RUNNING)) {
                        count.setString(1, producer);
                        try (ResultSet running = count.executeQuery()) {
                            running.next();
                            room = Math.max(0, max - running.getInt(1));
                        }
                    }
                }
            }
        }
        limitedRoom.put(producer, room);
        return room;
    }

    /** The next producers with waiting jobs of {@code priority} after the one served last, wrapping around once. */
    private List<String> nextProducers(Connection connection, Priority priority, int count) throws SQLException {
        String after = servedLast.get(priority);
        List<String> producers = new ArrayList<>(count);
        if (after != null) producers.addAll(producers(connection, priority, ">", after, count));
        if (producers.size() < count) {
            for (String producer : producers(connection, priority, ">=", "", count - producers.size())) {
                if (producers.contains(producer)) break;
                producers.add(producer);
            }
        }
        return producers;
    }

    private static List<String> producers(
            Connection connection, Priority priority, String from, String producer, int count) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(NEXT_PRODUCERS.formatted(from))) {
            statement.setInt(1, priority.rank());
            statement.setString(2, producer);
            statement.setInt(3, priority.rank());
            statement.setInt(4, count);
            List<String> producers = new ArrayList<>(count);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) producers.add(rows.getString(1));
            }
            return producers;
        }
    }

    /** Locks up to {@code limit} of the oldest waiting jobs of one priority not yet taken, on the own side of the aging boundary. */
    private List<Candidate> lockOldest(
            Connection connection, Priority priority, Instant notAgedSince, int limit, List<String> taken)
            throws SQLException {
        String range = (notAgedSince == null ? "" : "and updatedat >= ? ")
                + "and not (id = any(?)) and not (lineup_producer = any(?))";
        try (PreparedStatement statement = connection.prepareStatement(SELECT + range + ORDER)) {
            int i = 1;
            statement.setInt(i++, priority.rank());
            if (notAgedSince != null) statement.setTimestamp(i++, Timestamp.from(notAgedSince), utc());
            statement.setArray(i++, connection.createArrayOf("text", taken.toArray()));
            statement.setArray(
                    i++, connection.createArrayOf("text", maxRunning.keySet().toArray()));
            statement.setInt(i, limit);
            return read(connection, statement, priority);
        }
    }

    /** Locks up to {@code limit} waiting jobs of one priority, on one side of an aging boundary. */
    private List<Candidate> lock(
            Connection connection, Priority priority, Instant agedBefore, boolean aged, int limit, Occupancy occupancy)
            throws SQLException {
        int room = Math.min(limit, occupancy.roomFor(priority));
        if (room <= 0) return List.of();
        // a limited producer's jobs are taken at their own level only, where its limit is counted
        String range = (agedBefore == null ? "" : aged ? "and updatedat < ? " : "and updatedat >= ? ")
                + "and not (lineup_producer = any(?))";
        try (PreparedStatement statement = connection.prepareStatement(SELECT + range + ORDER)) {
            int i = 1;
            statement.setInt(i++, priority.rank());
            if (agedBefore != null) statement.setTimestamp(i++, Timestamp.from(agedBefore), utc());
            statement.setArray(
                    i++, connection.createArrayOf("text", maxRunning.keySet().toArray()));
            statement.setInt(i, room);
            return read(connection, statement, priority);
        }
    }

    private List<Candidate> read(Connection connection, PreparedStatement statement, Priority priority)
            throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        List<String[]> poisoned = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Quarantine.Read read = quarantine.read(rows.getString(2));
                if (read.ok()) {
                    candidates.add(new Candidate(
                            read.job(), priority, rows.getTimestamp(3, utc()).toInstant()));
                } else {
                    poisoned.add(new String[] {rows.getString(1), rows.getString(2), read.unreadable()});
                }
            }
        }
        // rows this fetch locked: rewritten in its transaction, so no other fetch meets them again
        for (String[] row : poisoned) quarantine.isolate(connection, UUID.fromString(row[0]), row[1], row[2]);
        return candidates;
    }
}
