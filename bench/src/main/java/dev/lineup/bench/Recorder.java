package dev.lineup.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** When each job was enqueued and when a worker started it, by job id. */
final class Recorder {

    final Map<UUID, Long> enqueued = new ConcurrentHashMap<>();
    final Map<UUID, Long> started = new ConcurrentHashMap<>();
    final AtomicInteger runs = new AtomicInteger();

    void start(UUID id) {
        started.putIfAbsent(id, System.nanoTime());
        runs.incrementAndGet();
    }

    void reset() {
        enqueued.clear();
        started.clear();
        runs.set(0);
    }

    /** Waits until every id has started, or the time is up; returns whether they all did. */
    boolean awaitStarted(Collection<UUID> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!started.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    boolean awaitRuns(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runs.get() < count) {
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** Milliseconds from enqueue to start for each id, sorted. */
    List<Double> latenciesMillis(Collection<UUID> ids) {
        List<Double> latencies = new ArrayList<>();
        for (UUID id : ids) {
            Long from = enqueued.get(id);
            Long to = started.get(id);
            if (from != null && to != null) latencies.add((to - from) / 1_000_000.0);
        }
        latencies.sort(Double::compare);
        return latencies;
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return Double.NaN;
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
