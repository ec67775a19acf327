package dev.lineup.engine.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The buckets every process shares, in Redis. Connects on first use, not at startup, so a
 * process starts without Redis. Never throws: when Redis does not answer, {@link #reserve}
 * answers empty and the caller limits itself locally; Redis is then left alone for
 * {@link #BACK_OFF} before the next try, so an outage costs one {@link #TIMEOUT} per back-off
 * at most, not one per message.
 */
public final class RedisBuckets implements AutoCloseable {

    /** The longest a reservation waits for Redis: a dead Redis must not stall worker threads. */
    public static final Duration TIMEOUT = Duration.ofMillis(500);
    /** How long to use the local buckets after Redis failed before trying it again. */
    public static final Duration BACK_OFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final RedisURI uri;
    /** What the buckets limit and what happens while Redis is down, for the outage's one WARN. */
    private final String limits;

    private final String fallback;
    private final Clock clock;
    private final TimeMeter time;
    private final ClientResources resources;
    private final RedisClient client;
    /** True from the first failure until Redis answers again: one WARN and one INFO per outage. */
    private final AtomicBoolean down = new AtomicBoolean();

    private volatile Instant skipUntil = Instant.MIN;
    private StatefulRedisConnection<String, byte[]> connection;
    private ProxyManager<String> buckets;

    /**
     * @param limits   what the buckets limit, e.g. "the send rates"
     * @param fallback what each process does while Redis is down, e.g. "each worker limits itself to its share"
     */
    public RedisBuckets(String url, Clock clock, String limits, String fallback) {
        this.uri = RedisURI.create(url);
        this.limits = limits;
        this.fallback = fallback;
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
    public OptionalLong reserve(String key, Rate rate) {
        return call(key, rate, bucket -> bucket.consumeIgnoringRateLimits(1))
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /**
     * Takes {@code tokens} from the shared bucket if it has them now.
     *
     * @return how many are left and when more come; empty when Redis is down or backed off from,
     *         and the caller must limit itself
     */
    public Optional<ConsumptionProbe> tryTake(String key, Rate rate, long tokens) {
        return call(key, rate, bucket -> bucket.tryConsumeAndReturnRemaining(tokens));
    }

    private <T> Optional<T> call(String key, Rate rate, Function<Bucket, T> use) {
        Instant now = clock.instant();
        if (now.isBefore(skipUntil)) return Optional.empty();
        try {
            T result = use.apply(buckets(now).getProxy(key, () -> BucketConfiguration.builder()
                    .addLimit(rate.bandwidth(1))
                    .build()));
            if (down.compareAndSet(true, false)) {
                log.info("Redis at {} answers again: {} are shared again", address(), limits);
            }
            return Optional.of(result);
        } catch (RuntimeException e) {
            // a run interrupted at its timeout says nothing about Redis: just limit this one locally
            if (Thread.currentThread().isInterrupted()) return Optional.empty();
            skipUntil = now.plus(BACK_OFF);
            if (down.compareAndSet(false, true)) {
                log.warn(
                        "Redis at {} does not answer ({}): until it does, {}; trying Redis again every {} s",
                        address(),
                        e.toString(),
                        fallback,
                        BACK_OFF.toSeconds());
            }
            return Optional.empty();
        }
    }

    /**
     * Whether the next reservation will go to Redis: true until Redis fails, false from then
     * until it answers again.
     */
    public boolean up() {
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
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
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
