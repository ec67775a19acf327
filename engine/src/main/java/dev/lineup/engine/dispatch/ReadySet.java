package dev.lineup.engine.dispatch;

import dev.lineup.core.job.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;

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

/**
 * Locks the next jobs to run, highest effective priority first and oldest first within one.
 *
 * <p>A job's effective priority is its own, or one higher once it has waited longer than its
 * aging threshold. Each effective level is read from at most two ranges of the
 * {@code (lineup_priority, updatedat) where state = 'ENQUEUED'} index — the level's own jobs that
 * have not aged, and the aged jobs of the level below — each with {@code LIMIT} and
 * {@code FOR UPDATE SKIP LOCKED}, so the cost of a fetch depends on how many jobs it takes, not
 * on how many wait. Levels are read only while the fetch still has room.
 */
final class ReadySet {

    private static final String SELECT = "select jobasjson, updatedat from jobrunr_jobs where state = 'ENQUEUED' and lineup_priority = ? ";
    private static final String ORDER = " order by updatedat limit ? for update skip locked";

    private final JobMapper jobMapper;
    private final DispatchProperties properties;

    ReadySet(JobMapper jobMapper, DispatchProperties properties) {
        this.jobMapper = jobMapper;
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
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Job job = jobMapper.deserializeJob(rows.getString(1));
                    candidates.add(new Candidate(job, priority, rows.getTimestamp(2, utc()).toInstant()));
                }
            }
            return candidates;
        }
    }
}
