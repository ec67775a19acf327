package dev.lineup.worker.delivery;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets in this process's memory, each holding this process's share of its rate: what
 * limits sending when there is no Redis, or while it is down.
 */
final class LocalBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;
    private final int processes;

    LocalBuckets(TimeMeter time, int processes) {
        this.time = time;
        this.processes = processes;
    }

    /** Takes one token, borrowing it from the future if need be; returns the wait in nanoseconds. */
    long reserve(String key, Rate rate) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                        .addLimit(rate.bandwidth(processes))
                        .withCustomTimePrecision(time)
                        .build())
                .consumeIgnoringRateLimits(1);
    }
}
