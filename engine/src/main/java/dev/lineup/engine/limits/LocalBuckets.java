package dev.lineup.engine.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets in this process's memory, each holding this process's share of its rate: what
 * limits a process when there is no Redis, or while it is down.
 */
public final class LocalBuckets {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;
    private final int processes;

    public LocalBuckets(TimeMeter time, int processes) {
        this.time = time;
        this.processes = processes;
    }

    /** Takes one token, borrowing it from the future if need be; returns the wait in nanoseconds. */
    public long reserve(String key, Rate rate) {
        return bucket(key, rate).consumeIgnoringRateLimits(1);
    }

    /** Takes {@code tokens} if the bucket has them now, and says how many are left and when more come. */
    public ConsumptionProbe tryTake(String key, Rate rate, long tokens) {
        return bucket(key, rate).tryConsumeAndReturnRemaining(tokens);
    }

    private Bucket bucket(String key, Rate rate) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(rate.bandwidth(processes))
                .withCustomTimePrecision(time)
                .build());
    }
}
