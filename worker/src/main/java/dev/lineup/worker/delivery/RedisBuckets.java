package dev.lineup.worker.delivery;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The buckets every worker shares, in Redis. Connects on first use, not at startup, so a
 * worker starts without Redis. Never throws: when Redis does not answer, {@link #reserve}
 * answers empty and the caller limits itself locally; Redis is then left alone for
 * {@link #BACK_OFF} before the next try, so an outage costs one {@link #TIMEOUT} per back-off
 * at most, not one per message.
 */
final class RedisBuckets implements AutoCloseable {

    /** The longest a reservation waits for Redis: a dead Redis must not stall worker threads. */
    static final Duration TIMEOUT = Duration.ofMillis(500);
    /** How long to use the local buckets after Redis failed before trying it again. */
    static final Duration BACK_OFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final RedisURI uri;
    private final Clock clock;
    private final TimeMeter time;
    private final ClientResources resources;
    private final RedisClient client;
    /** True from the first failure until Redis answers again: one WARN and one INFO per outage. */
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Instant skipUntil = Instant.MIN;
    private StatefulRedisConnection<String, byte[]> connection;
    private ProxyManager<String> buckets;

    RedisBuckets(String url, Clock clock) {
        this.uri = RedisURI.create(url);
        uri.setTimeout(TIMEOUT);
        this.clock = clock;
        this.time = new ClockTimeMeter(clock);
        // Lettuce's default reconnect delay grows to 30 s; cap it near our back-off so the
        // shared limits come back soon after Redis does.
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), BACK_OFF, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail at once while disconnected instead of queueing until the timeout
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .build());
    }

    /**
     * Takes one token from the shared bucket, borrowing it from the future if need be.
     *
     * @return the wait in nanoseconds; empty when Redis is down or backed off from, and the
     *         caller must limit itself
     */
    OptionalLong reserve(String key, Rate rate) {
        Instant now = clock.instant();
        if (now.isBefore(skipUntil)) return OptionalLong.empty();
        try {
            long wait = buckets(now).getProxy(key, () -> BucketConfiguration.builder().addLimit(rate.bandwidth(1)).build())
                    .consumeIgnoringRateLimits(1);
            if (down.compareAndSet(true, false)) {
                log.info("Redis at {} answers again: the send rates are shared by all workers again", address());
            }
            return OptionalLong.of(wait);
        } catch (RuntimeException e) {
            // a run interrupted at its timeout says nothing about Redis: just limit this one locally
            if (Thread.currentThread().isInterrupted()) return OptionalLong.empty();
            skipUntil = now.plus(BACK_OFF);
            if (down.compareAndSet(false, true)) {
                log.warn("Redis at {} does not answer ({}): until it does, each worker limits itself to its share of each "
                        + "send rate (1/LINEUP_RATE_LIMIT_WORKERS); trying Redis again every {} s",
                        address(), e.toString(), BACK_OFF.toSeconds());
            }
            return OptionalLong.empty();
        }
    }

    /**
     * Whether the next reservation will go to Redis: true until Redis fails, false from then
     * until it answers again.
     */
    boolean up() {
        return !down.get();
    }

    private synchronized ProxyManager<String> buckets(Instant now) {
        if (buckets == null) {
            // threads that queued here while another one failed to connect must not each try again
            if (now.isBefore(skipUntil)) throw new RedisConnectionException("Redis could not be reached just now");
            try {
                connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            } catch (RuntimeException e) {
                skipUntil = now.plus(BACK_OFF);
                throw e;
            }
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .clientClock(time)
                    .requestTimeout(TIMEOUT)
                    // an idle bucket is full again after its period: keep it a little longer, then let Redis drop it
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                    .build();
        }
        return buckets;
    }

    /** Where Redis is, without the password a URL may hold. */
    private String address() {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public synchronized void close() {
        if (connection != null) connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // best effort on the way out: nothing waits for the event loops to finish
        var unused = resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
