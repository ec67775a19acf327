package dev.lineup.engine.deadletter;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.JobMetadata;
import dev.lineup.core.job.JobStateWords;
import dev.lineup.core.run.LineupJob;
import dev.lineup.engine.enqueue.Enqueuer;
import dev.lineup.engine.enqueue.NewJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What can be done with a dead letter: replay it as a new job, replay many at a bounded rate, or
 * discard it. The dead letter itself stays as JobRunr left it (FAILED) when replayed: it is the
 * record of what went wrong, and {@code lineup_replays} links it to its replays.
 *
 * <p>A replay is recorded before its job is stored, and the record is removed again if storing
 * fails: JobRunr's storage and Lineup's table cannot share one transaction, and of the two ways
 * to be half done, "recorded but not run" is the one that never sends a notification twice.
 */
public class DeadLetterActions {

    /** The most dead letters one bulk replay takes; the answer says how many more match. */
    public static final int MAX_BULK_REPLAY = 10_000;
    /** The highest bulk replay rate, in jobs per second. */
    public static final int MAX_RATE = 1000;

    private static final int DISCARD_ATTEMPTS = 5;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(DeadLetterActions.class);

    private final DeadLetters deadLetters;
    private final Enqueuer enqueuer;
    private final StorageProvider storage;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public DeadLetterActions(
            DeadLetters deadLetters,
            Enqueuer enqueuer,
            StorageProvider storage,
            TransactionTemplate transactions,
            Clock clock) {
        this.deadLetters = deadLetters;
        this.enqueuer = enqueuer;
        this.storage = storage;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Runs a dead letter again, now, as a new job with the same type, priority, producer, retry
     * limit, timeout, deadline and tags, and with the corrected payload when one is given.
     *
     * @param correctedPayload replaces the stored payload; null replays it as it was. The caller
     *                         validates it against the dead letter's type.
     * @throws DeadLetterConflict when the job is not FAILED, or its stored payload no longer reads
     *                            as a Lineup job and no correction was given
     */
    public Replay replay(Job original, LineupJob correctedPayload, String replayedBy) {
        requireFailed(original, "replayed");
        LineupJob payload = correctedPayload != null
                ? correctedPayload
                : storedPayload(original)
                        .orElseThrow(() -> new DeadLetterConflict("Its stored payload no longer reads as a "
                                + original.getJobName() + " job; replay it with a corrected payload."));
        if (!JobCatalog.of(payload).name().equals(original.getJobName())) {
            throw new IllegalArgumentException("a " + JobCatalog.of(payload).name() + " payload cannot replay a "
                    + original.getJobName() + " job");
        }
        Replay replay = new Replay(JobIds.random(), original.getId(), replayedBy, now());
        List<String> tags = deadLetters.tagsOf(List.of(original.getId())).getOrDefault(original.getId(), List.of());
        deadLetters.recordReplays(List.of(replay));
        try {
            enqueuer.enqueue(newJob(original, payload, replay.replayId(), null, tags));
        } catch (RuntimeException e) {
            forget(List.of(replay), e);
            throw e;
        }
        return replay;
    }

    /**
     * Replays every matching dead letter that was never replayed before, oldest failure first, up
     * to {@link #MAX_BULK_REPLAY}. The i-th new job becomes due at now + i / rate, so workers get at
     * most {@code ratePerSecond} of them in any second, however many there are. Skipping what was
     * replayed makes a repeated call (a client retry, a second click) harmless, and lets a second
     * call pick up where a capped one stopped.
     */
    public BulkReplay replayAll(DeadLetterFilter filter, int ratePerSecond, String replayedBy) {
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE) {
            throw new IllegalArgumentException("ratePerSecond must be 1 to " + MAX_RATE + ", not " + ratePerSecond);
        }
        Instant now = now();
        Claim claim = transactions.execute(status -> claim(filter, ratePerSecond, replayedBy, now));
        if (!claim.jobs().isEmpty()) {
            try {
                enqueuer.enqueueAll(claim.jobs());
            } catch (RuntimeException e) {
                forget(claim.replays(), e);
                throw e;
            }
        }
        Instant lastRunAt =
                claim.jobs().isEmpty() ? null : runAt(now, claim.jobs().size() - 1, ratePerSecond);
        return new BulkReplay(
                claim.jobs().size(),
                ratePerSecond,
                lastRunAt,
                claim.alreadyReplayed(),
                claim.notReplayable(),
                claim.remaining());
    }

    /**
     * Discards a dead letter: JobRunr deletes it, with the reason {@code Discarded by <who>}, and
     * its own housekeeping removes the row later. Saved with JobRunr's version check; a concurrent
     * change makes it read the job again.
     *
     * @throws DeadLetterConflict when the job is not FAILED
     */
    public Job discard(Job deadLetter, String discardedBy) {
        Job job = deadLetter;
        for (int attempt = 1; ; attempt++) {
            requireFailed(job, "discarded");
            job.delete("Discarded by " + discardedBy);
            try {
                return storage.save(job);
            } catch (ConcurrentJobModificationException changed) {
                if (attempt == DISCARD_ATTEMPTS) {
                    throw new DeadLetterConflict(
                            "The job kept changing while it was being discarded; read it and try again.");
                }
                job = storage.getJobById(job.getId());
            }
        }
    }

    /** The dead letters a bulk replay takes, recorded as replayed while no other bulk replay can pick them. */
    private record Claim(
            List<Replay> replays, List<NewJob> jobs, long alreadyReplayed, int notReplayable, long remaining) {}

    private Claim claim(DeadLetterFilter filter, int ratePerSecond, String replayedBy, Instant now) {
        deadLetters.lockReplays();
        DeadLetters.Matches matches = deadLetters.matches(filter);
        List<Job> originals = deadLetters.notYetReplayed(filter, MAX_BULK_REPLAY);
        Map<UUID, List<String>> tags =
                deadLetters.tagsOf(originals.stream().map(Job::getId).toList());
        List<Replay> replays = new ArrayList<>();
        List<NewJob> jobs = new ArrayList<>();
        int notReplayable = 0;
        for (Job original : originals) {
            Optional<LineupJob> payload = storedPayload(original);
            if (payload.isEmpty()) {
                notReplayable++;
                log.warn(
                        "Dead letter {} was left out of a bulk replay: its stored payload no longer reads as a {} job",
                        original.getId(),
                        original.getJobName());
                continue;
            }
            Replay replay = new Replay(JobIds.random(), original.getId(), replayedBy, now);
            replays.add(replay);
            jobs.add(newJob(
                    original,
                    payload.get(),
                    replay.replayId(),
                    runAt(now, jobs.size(), ratePerSecond),
                    tags.getOrDefault(original.getId(), List.of())));
        }
        deadLetters.recordReplays(replays);
        return new Claim(
                replays,
                jobs,
                matches.replayed(),
                notReplayable,
                matches.total() - matches.replayed() - originals.size());
    }

    /** PostgreSQL keeps microseconds; a replay answers with the time it is recorded with. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant runAt(Instant start, int index, int ratePerSecond) {
        return start.plusNanos(index * NANOS_PER_SECOND / ratePerSecond);
    }

    private static NewJob newJob(Job original, LineupJob payload, UUID id, Instant runAt, List<String> tags) {
        JobLabels labels = JobLabels.parse(original.getLabels());
        Integer retries = original.getAmountOfRetries();
        Map<String, Object> metadata = original.getMetadata();
        return new NewJob(
                id,
                payload,
                labels.priority(),
                labels.producer(),
                runAt,
                retries == null ? null : retries + 1,
                JobMetadata.timeout(metadata).orElse(null),
                JobMetadata.expiresAt(metadata).orElse(null),
                null,
                tags);
    }

    /** The job's record, unless it is not a Lineup job or its class has changed beyond reading. */
    private static Optional<LineupJob> storedPayload(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        if (parameters.size() != 1 || parameters.get(0).isNotDeserializable()) return Optional.empty();
        return parameters.get(0).getObject() instanceof LineupJob payload
                        && JobCatalog.of(payload).name().equals(job.getJobName())
                ? Optional.of(payload)
                : Optional.empty();
    }

    private static void requireFailed(Job job, String action) {
        if (job.getState() != StateName.FAILED) {
            throw new DeadLetterConflict(
                    "The job is " + JobStateWords.of(job) + "; only failed jobs (dead letters) can be " + action + ".");
        }
    }

    private void forget(List<Replay> replays, RuntimeException cause) {
        try {
            deadLetters.forgetReplays(replays.stream().map(Replay::replayId).toList());
        } catch (RuntimeException alsoFailed) {
            cause.addSuppressed(alsoFailed);
        }
    }
}
