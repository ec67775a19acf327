package dev.lineup.engine.dispatch;

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
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Locks the next jobs to run, highest effective priority first and oldest first within one.
 *
 * <p>A job's effective priority is its own, or one higher once it has waited longer than its
 * aging threshold. Each effective level is read from at most two ranges of the
 * {@code (lineup_priority, updatedat) where state = 'ENQUEUED'} index — the level's own jobs that
 * have not aged, and the aged jobs of the level below — each with {@code LIMIT} and
 * {@code FOR UPDATE SKIP LOCKED}, so the cost of a fetch depends on how many jobs it takes, not
 * on how many wait. Levels are read only while the fetch still has room.
 *
 * <p>A row that cannot be read as a runnable job is {@linkplain Quarantine quarantined} where it
 * is met, and the fetch goes on with the others: one poisoned job never stops a worker.
 */
final class ReadySet {

    private static final String SELECT = "select id, jobasjson, updatedat from jobrunr_jobs where state = 'ENQUEUED' and lineup_priority = ? ";
    private static final String ORDER = " order by updatedat limit ? for update skip locked";

    private final Quarantine quarantine;
    private final DispatchProperties properties;

    ReadySet(Quarantine quarantine, DispatchProperties properties) {
        this.quarantine = quarantine;
        this.properties = properties;
    }

    private record Candidate(Job job, Priority priority, Instant waitingSince) {
    }

    List<Job> lockNext(Connection connection, int limit, Occupancy occupancy, Instant now) throws SQLException {
        List<Job> taken = new ArrayList<>(limit);
        for (Priority level : Priority.values()) {
            int remaining = limit - taken.size();
            if (remaining <= 0) break;
            List<Candidate> candidates = new ArrayList<>();
            // the level's own jobs that have not aged into the level above
            Duration ownAging = properties.aging().after(level);
            candidates.addAll(lock(connection, level, ownAging == null ? null : now.minus(ownAging), false, remaining, occupancy));
            // jobs of the level below that waited long enough to count as this level
            if (level != Priority.LOW) {
                Priority below = Priority.ofRank(level.rank() + 1);
                Duration belowAging = properties.aging().after(below);
                if (belowAging != null) candidates.addAll(lock(connection, below, now.minus(belowAging), true, remaining, occupancy));
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

    /** Locks up to {@code limit} waiting jobs of one priority, on one side of an aging boundary. */
    private List<Candidate> lock(Connection connection, Priority priority, Instant agedBefore, boolean aged, int limit, Occupancy occupancy)
            throws SQLException {
        int room = Math.min(limit, occupancy.roomFor(priority));
        if (room <= 0) return List.of();
        String range = agedBefore == null ? "" : aged ? "and updatedat < ?" : "and updatedat >= ?";
        try (PreparedStatement statement = connection.prepareStatement(SELECT + range + ORDER)) {
            int i = 1;
            statement.setInt(i++, priority.rank());
            if (agedBefore != null) statement.setTimestamp(i++, Timestamp.from(agedBefore), utc());
            statement.setInt(i, room);
            List<Candidate> candidates = new ArrayList<>(room);
            List<String[]> poisoned = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Quarantine.Read read = quarantine.read(rows.getString(2));
                    if (read.ok()) {
                        candidates.add(new Candidate(read.job(), priority, rows.getTimestamp(3, utc()).toInstant()));
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
}
