package dev.lineup.engine.deadletter;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Poison jobs. A stored job that cannot be read back (its JSON is corrupted or nested deeper
 * than the mapper reads), or whose handler or payload class no longer loads, would fail every
 * fetch and every read that meets it. Whoever meets one — a worker's fetch, the API reading a job —
 * rewrites its row at once as a dead letter: state FAILED, marked not to retry, with a reason
 * that starts with {@value #REASON_PREFIX}, its labels (producer, priority, type) and name kept
 * when they can still be read, and no payload. It can then be listed and discarded like any
 * other dead letter, and every other job keeps flowing. Each one is counted
 * ({@code lineup.jobs.quarantined}).
 *
 * <p>The row is rewritten with SQL because JobRunr cannot load it to change its state.
 */
public class Quarantine {

    public static final String REASON_PREFIX = "Quarantined:";

    /** Enough to read the labels of a row nested far deeper than the job mapper accepts. */
    private static final JsonMapper SALVAGE = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(100_000)
                            .build())
                    .build())
            .build();

    private static final Set<StateName> WAITING =
            EnumSet.of(StateName.SCHEDULED, StateName.ENQUEUED, StateName.AWAITING);

    private final StorageProvider storage;
    private final DataSource dataSource;
    private final JobMapper jobMapper;
    private final Clock clock;
    private final AtomicLong quarantined = new AtomicLong();

    /** The quarantine of the jobs in {@code storage}, whose rows live in {@code dataSource}. */
    public Quarantine(StorageProvider storage, DataSource dataSource, JobMapper jobMapper, Clock clock) {
        this.storage = storage;
        this.dataSource = dataSource;
        this.jobMapper = jobMapper;
        this.clock = clock;
    }

    /**
     * JobRunr's {@code getJobById}, except that a job whose row cannot be read or run is first
     * quarantined: a poisoned job is answered, cancelled or discarded like any other dead letter.
     *
     * @throws JobNotFoundException when no such job exists
     */
    public Job getJobById(UUID id) {
        Job job;
        try {
            job = storage.getJobById(id);
        } catch (JobNotFoundException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError unreadable) {
            isolateIfPoisoned(id);
            return storage.getJobById(id);
        }
        // an ended job is never run again, so a class it names that no longer loads harms no one
        if (!WAITING.contains(job.getState()) || unrunnable(job) == null) return job;
        isolateIfPoisoned(id);
        return storage.getJobById(id);
    }

    /** The stored job, or empty with the reason it cannot run: its JSON or one of its classes cannot be loaded. */
    public Read read(String storedJson) {
        Job job;
        try {
            job = jobMapper.deserializeJob(storedJson);
        } catch (RuntimeException | StackOverflowError e) {
            return new Read(null, "its stored JSON cannot be read (" + describe(e) + ")");
        }
        String unrunnable = unrunnable(job);
        return unrunnable == null ? new Read(job, null) : new Read(null, unrunnable);
    }

    /** Why a job read from storage cannot run (a class of it no longer loads), or null when it can. */
    public String unrunnable(Job job) {
        String className = job.getJobDetails().getClassName();
        if (!loads(className)) return "its handler class " + className + " no longer exists";
        for (JobParameter parameter : job.getJobDetails().getJobParameters()) {
            if (parameter.isNotDeserializable()) {
                return "its payload of class " + parameter.getActualClassName() + " can no longer be read";
            }
        }
        return null;
    }

    /** Quarantines job {@code id} if its row cannot be read or run, on a connection of its own. */
    private void isolateIfPoisoned(UUID id) {
        try (Connection connection = dataSource.getConnection()) {
            String stored;
            try (PreparedStatement statement =
                    connection.prepareStatement("select jobasjson from jobrunr_jobs where id = ?")) {
                statement.setString(1, id.toString());
                try (var rows = statement.executeQuery()) {
                    if (!rows.next()) return;
                    stored = rows.getString(1);
                }
            }
            Read read = read(stored);
            if (!read.ok()) isolate(connection, id, stored, read.unreadable());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not quarantine job " + id, e);
        }
    }

    /** A stored job as read: the job, or why it cannot be. */
    public record Read(Job job, String unreadable) {
        public boolean ok() {
            return job != null;
        }
    }

    /**
     * Rewrites the row of job {@code id} as a quarantined dead letter, unless it changed since it
     * was read as {@code storedJson}. Returns whether it did. The caller commits.
     */
    public boolean isolate(Connection connection, UUID id, String storedJson, String why) throws SQLException {
        Salvaged salvaged = salvage(storedJson);
        String reason = REASON_PREFIX + " the job cannot run: " + why
                + ". It was never started; discard it and enqueue it again.";
        JobDetails details = new JobDetails(
                salvaged.className() == null ? "unreadable" : salvaged.className(), null, "run", List.of());
        List<JobState> history = new ArrayList<>();
        history.add(new FailedState(
                reason, QuarantinedJobException.class.getName(), why, null, null, null, true, clock.instant()));
        int version;
        try (PreparedStatement statement =
                connection.prepareStatement("select version from jobrunr_jobs where id = ? and jobasjson = ?")) {
            statement.setString(1, id.toString());
            statement.setString(2, storedJson);
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) return false;
                version = rows.getInt(1);
            }
        }
        Job job = new Job(id, version + 1, details, history, new ConcurrentHashMap<>());
        job.setJobName(salvaged.jobName() == null ? "unreadable job" : salvaged.jobName());
        job.setLabels(salvaged.labels());
        try (PreparedStatement statement = connection.prepareStatement("""
                update jobrunr_jobs set jobasjson = ?, state = 'FAILED', version = ?, scheduledat = null, updatedat = ?
                where id = ? and version = ?""")) {
            statement.setString(1, jobMapper.serializeJob(job));
            statement.setInt(2, version + 1);
            statement.setTimestamp(
                    3, Timestamp.from(clock.instant()), Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));
            statement.setString(4, id.toString());
            statement.setInt(5, version);
            if (statement.executeUpdate() == 0) return false;
        }
        quarantined.incrementAndGet();
        return true;
    }

    /** How many jobs this process has quarantined. */
    public long count() {
        return quarantined.get();
    }

    private static boolean loads(String className) {
        try {
            Class.forName(className, false, Quarantine.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context == null) return false;
            try {
                Class.forName(className, false, context);
                return true;
            } catch (ClassNotFoundException | LinkageError again) {
                return false;
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message =
                Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
        message = message.lines().findFirst().orElse("").strip();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private record Salvaged(String jobName, String className, List<String> labels) {}

    /** What the top level of a stored job still tells, read token by token up to where it breaks. */
    private static Salvaged salvage(String storedJson) {
        String jobName = null;
        String className = null;
        List<String> labels = new ArrayList<>();
        try (JsonParser parser = SALVAGE.createParser(storedJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return new Salvaged(null, null, labels);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("jobName") && value == JsonToken.VALUE_STRING) {
                    jobName = parser.getString();
                } else if (name.equals("labels") && value == JsonToken.START_ARRAY) {
                    List<String> read = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.VALUE_STRING) read.add(parser.getString());
                    labels = read;
                } else if (name.equals("jobDetails") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String detail = parser.currentName();
                        JsonToken detailValue = parser.nextToken();
                        if (detail.equals("className") && detailValue == JsonToken.VALUE_STRING)
                            className = parser.getString();
                        else parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException | StackOverflowError e) {
            // keep what was read before the break
        }
        return new Salvaged(jobName, className, labels);
    }

    /** The exception type a quarantined job's failure names; never thrown. */
    public static final class QuarantinedJobException extends RuntimeException {
        private QuarantinedJobException() {
            super(null, null, false, false);
        }
    }
}
