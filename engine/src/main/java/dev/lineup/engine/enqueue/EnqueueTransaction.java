package dev.lineup.engine.enqueue;

import dev.lineup.core.job.JobStates;
import dev.lineup.engine.enqueue.Enqueuer.Enqueued;
import org.jobrunr.jobs.Job;
import org.jobrunr.storage.ConcurrentJobModificationException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * One call of the enqueuer, inside one database transaction. Rows are locked in one global
 * order — idempotency keys, then business keys, each sorted — so two batches sharing keys wait
 * for each other instead of deadlocking.
 */
final class EnqueueTransaction {

    /** A job the enqueue replaces can be taken by a worker under our feet; a few rereads settle it. */
    private static final int REPLACE_ATTEMPTS = 5;

    private record ProducerKey(String producer, String key) implements Comparable<ProducerKey> {
        private static final Comparator<ProducerKey> ORDER =
                Comparator.comparing(ProducerKey::producer).thenComparing(ProducerKey::key);

        @Override
        public int compareTo(ProducerKey other) {
            return ORDER.compare(this, other);
        }
    }

    private final JobRows jobs;
    private final IdempotencyKeys idempotencyKeys;
    private final BusinessKeys keys;
    private final JobTags tags;
    private final Function<NewJob, Job> toJob;
    private final Instant now;

    EnqueueTransaction(
            JobRows jobs,
            IdempotencyKeys idempotencyKeys,
            BusinessKeys keys,
            JobTags tags,
            Function<NewJob, Job> toJob,
            Instant now) {
        this.jobs = jobs;
        this.idempotencyKeys = idempotencyKeys;
        this.keys = keys;
        this.tags = tags;
        this.toJob = toJob;
        this.now = now;
    }

    /**
     * @param checkStoredIds whether to look for ids that are already stored first. A first try
     *                       skips it unless an idempotency key is involved: random ids do not
     *                       collide, and if a chosen one does, the insert fails, everything rolls
     *                       back and the enqueuer tries again with the check.
     */
    List<Enqueued> enqueue(List<NewJob> newJobs, boolean checkStoredIds) {
        Map<ProducerKey, UUID> named = claimIdempotencyKeys(newJobs);

        // which jobs this call creates: not named by an idempotency key before, not stored yet
        // (a row can outlive its idempotency key), not repeated earlier in this call
        boolean check = checkStoredIds || newJobs.stream().anyMatch(j -> j.idempotencyKey() != null);
        Set<UUID> stored =
                check ? jobs.existingIds(newJobs.stream().map(NewJob::id).toList()) : Set.of();
        Map<Integer, NewJob> toCreate = new LinkedHashMap<>();
        List<UUID> ids = new ArrayList<>(newJobs.size());
        Set<UUID> creating = new HashSet<>();
        for (int i = 0; i < newJobs.size(); i++) {
            NewJob newJob = newJobs.get(i);
            UUID earlier = newJob.idempotencyKey() == null
                    ? null
                    : named.get(new ProducerKey(newJob.producer(), newJob.idempotencyKey()));
            ids.add(earlier != null ? earlier : newJob.id());
            if (earlier == null && !stored.contains(newJob.id()) && creating.add(newJob.id())) toCreate.put(i, newJob);
        }

        pointBusinessKeys(toCreate);
        List<Job> created = toCreate.values().stream().map(toJob).toList();
        jobs.insert(created);
        tags.add(List.copyOf(toCreate.values()));

        Map<UUID, Job> found = new HashMap<>(
                jobs.find(ids.stream().filter(id -> !creating.contains(id)).toList()));
        created.forEach(job -> found.put(job.getId(), job));
        List<Enqueued> result = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            result.add(new Enqueued(id, found.get(id), toCreate.containsKey(i)));
        }
        return result;
    }

    /** Claims each idempotency key for its job; returns the keys that already named a job, and which. */
    private Map<ProducerKey, UUID> claimIdempotencyKeys(List<NewJob> newJobs) {
        Map<ProducerKey, UUID> wanted = new TreeMap<>();
        for (NewJob newJob : newJobs) {
            if (newJob.idempotencyKey() != null)
                wanted.putIfAbsent(new ProducerKey(newJob.producer(), newJob.idempotencyKey()), newJob.id());
        }
        Map<ProducerKey, UUID> named = new HashMap<>();
        wanted.forEach((key, id) -> idempotencyKeys
                .claim(key.producer(), key.key(), id, now)
                .ifPresent(existing -> named.put(key, existing)));
        return named;
    }

    /** Points each business key at its new job, replacing or refusing the job it named. */
    private void pointBusinessKeys(Map<Integer, NewJob> toCreate) {
        Map<ProducerKey, Integer> keyed = new TreeMap<>();
        toCreate.forEach((index, newJob) -> {
            if (newJob.key() == null) return;
            Integer other = keyed.putIfAbsent(new ProducerKey(newJob.producer(), newJob.key()), index);
            if (other != null) {
                throw new IllegalArgumentException("jobs " + other + " and " + index + " both have key " + newJob.key()
                        + "; a call may use a key once");
            }
        });
        Map<Integer, UUID> current = new HashMap<>();
        keyed.forEach((key, index) -> current.put(
                index, keys.lock(key.producer(), key.key(), toCreate.get(index).id(), now)));
        new TreeMap<>(current).forEach((index, named) -> {
            NewJob newJob = toCreate.get(index);
            if (named.equals(newJob.id())) return;
            freeKey(index, newJob, named);
            keys.point(newJob.producer(), newJob.key(), newJob.id(), now);
        });
    }

    /** Returns once the job the key names has ended or has been cancelled for the new one; else throws. */
    private void freeKey(int index, NewJob newJob, UUID named) {
        for (int attempt = 1; ; attempt++) {
            Optional<Job> found = jobs.find(named);
            if (found.isEmpty() || JobStates.ENDED.contains(found.get().getState())) return;
            Job job = found.get();
            if (!newJob.replace() || !JobStates.WAITING.contains(job.getState()) || attempt == REPLACE_ATTEMPTS) {
                throw new KeyConflict(index, newJob.key(), named, job.getState());
            }
            job.delete("Replaced by job " + newJob.id() + " with key " + newJob.key());
            try {
                jobs.update(job);
                return;
            } catch (ConcurrentJobModificationException changed) {
                // a worker started it or a producer cancelled it: read it again
            }
        }
    }
}
