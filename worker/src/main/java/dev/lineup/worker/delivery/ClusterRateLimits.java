package dev.lineup.worker.delivery;

import dev.lineup.core.run.RunContext;
import dev.lineup.engine.limits.ClockTimeMeter;
import dev.lineup.engine.limits.LocalBuckets;
import dev.lineup.engine.limits.Rate;
import dev.lineup.engine.limits.RedisBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The send rates, in Bucket4j buckets: shared by all workers in Redis when
 * {@code LINEUP_REDIS_URL} is set, else (and while Redis is down) each process's share in
 * memory.
 *
 * <p>A message never waits on a worker thread. It reserves a token in each limit that applies,
 * the provider account's first and its sender's last; a token not there yet is borrowed from the
 * future, which is a slot: the job snoozes until then and, back in the same attempt, finds the
 * reservation in its memo and does not pay again. So a backlog of N messages snoozes each
 * about once per limit, not N times. The sender's limit is booked last, closest to the send,
 * because it must hold exactly for a number (Twilio's one message a second per long code): two
 * messages that waited for the provider get sender slots a full interval apart, whereas sender
 * slots booked first could be far from the sends and let both go together.
 *
 * <p>The sender's reservation counts as paid only while it is fresh: up to {@link #STALE_AFTER}
 * after its slot. A job held longer after reserving (by the recipient cap, by quiet hours)
 * reserves it again, its old token simply lost, so it never goes out on a token the bucket gave
 * away long ago beside messages that paid for theirs. The provider's reservation, booked first,
 * stays paid for the attempt: renewing both could bounce a message between two limits with
 * backlogs, spending tokens without sending; the account's rate is the looser one. A slot still in the future
 * (a job run before its snooze ends) is returned again without reserving anything. A new attempt
 * (a retry after a failed send) pays again.
 */
final class ClusterRateLimits implements RateLimits, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterRateLimits.class);

    /**
     * How long after its slot a reservation still counts as paid. A job snoozed until its slot
     * normally runs within the master's due-check interval (1 s by default); one that comes back
     * later was held by something else, and its token has long been counted as sent.
     */
    static final Duration STALE_AFTER = Duration.ofSeconds(2);

    private final RateLimitProperties properties;
    private final Clock clock;
    private final MeterRegistry registry;
    private final LocalBuckets local;
    private final Optional<RedisBuckets> redis;
    private final Counter fallbacks;

    ClusterRateLimits(RateLimitProperties properties, Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.clock = clock;
        this.registry = registry;
        this.local = new LocalBuckets(new ClockTimeMeter(clock), properties.workers());
        this.redis = properties
                .redisUrl()
                .map(url -> new RedisBuckets(
                        url,
                        clock,
                        "the send rates",
                        "each worker limits itself to its share of each send rate (1/LINEUP_RATE_LIMIT_WORKERS)"));
        this.fallbacks = Counter.builder("lineup.rate.limit.fallbacks")
                .description("Reservations taken from this process's share of a rate because Redis was down")
                .register(registry);
        if (redis.isPresent()) {
            Gauge.builder("lineup.rate.limit.redis.up", this, limits -> limits.usingRedis() ? 1 : 0)
                    .description("1 while the send rates are shared through Redis, 0 while Redis is down")
                    .register(registry);
        } else {
            log.warn(
                    "LINEUP_REDIS_URL is not set, so this process keeps the send rates on its own and takes 1/{} of each "
                            + "(LINEUP_RATE_LIMIT_WORKERS={}). More worker processes than that together send faster than the rates "
                            + "allow: set LINEUP_REDIS_URL (e.g. redis://redis:6379) to share the rates exactly, or set "
                            + "LINEUP_RATE_LIMIT_WORKERS to the number of worker processes.",
                    properties.workers(),
                    properties.workers());
        }
    }

    @Override
    public Optional<Instant> reserve(Outgoing message, RunContext run) {
        List<Limit> limits = limits(message);
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            boolean last = i == limits.size() - 1;
            String memoKey = "rate." + limit.key();
            Optional<Instant> reserved = run.memo().get(memoKey).flatMap(note -> slotIn(note, run.attempt()));
            if (reserved.isPresent()) {
                Instant now = clock.instant();
                // a job snoozed for its slot may be run a little early: then it snoozes again
                if (reserved.get().isAfter(now)) return reserved;
                // paid; the last limit (the sender's) only while fresh, since it must hold closely at
                // the send. An earlier one stays paid: renewing it too could send a message back and
                // forth between two limits with backlogs, spending tokens without sending
                if (!last || !reserved.get().plus(STALE_AFTER).isBefore(now)) continue;
            }
            long wait = take(limit);
            // read after taking: a slow Redis call must not make the slot look earlier than it is
            Instant now = clock.instant();
            // the memo keeps milliseconds: round a slot to wait for up, a free one down, so it counts as paid
            Instant slot = wait > 0 ? roundUpToMillis(now.plusNanos(wait)) : now.truncatedTo(ChronoUnit.MILLIS);
            run.memo().put(memoKey, run.attempt() + "@" + slot.toEpochMilli());
            if (wait > 0) {
                registry.counter(
                                "lineup.rate.limit.waits",
                                "channel",
                                message.channel().word(),
                                "provider",
                                message.provider(),
                                "limit",
                                limit.kind())
                        .increment();
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    /** Whether reservations go to Redis now: false without Redis and while it is down. */
    boolean usingRedis() {
        return redis.map(RedisBuckets::up).orElse(false);
    }

    private long take(Limit limit) {
        if (redis.isEmpty()) return local.reserve(limit.key(), limit.rate());
        OptionalLong shared = redis.get().reserve(limit.key(), limit.rate());
        if (shared.isPresent()) return shared.getAsLong();
        fallbacks.increment();
        return local.reserve(limit.key(), limit.rate());
    }

    /** The provider account's limit first, the sender's last: see the class comment for why. */
    private List<Limit> limits(Outgoing message) {
        String provider = "lineup:rate:" + message.channel().word() + ":" + message.provider();
        List<Limit> limits = new ArrayList<>(2);
        properties.perProvider(message.channel()).ifPresent(rate -> limits.add(new Limit("provider", provider, rate)));
        properties
                .perSender(message.channel())
                .ifPresent(rate -> limits.add(new Limit("sender", provider + ":sender:" + message.sender(), rate)));
        return limits;
    }

    /** The slot in a memo note {@code <attempt>@<epoch millis>}, if the note is from this attempt. */
    private static Optional<Instant> slotIn(String note, int attempt) {
        int at = note.indexOf('@');
        try {
            if (at < 0 || Integer.parseInt(note.substring(0, at)) != attempt) return Optional.empty();
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(note.substring(at + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not a note we wrote: reserve afresh
        }
    }

    private static Instant roundUpToMillis(Instant instant) {
        Instant millis = Instant.ofEpochMilli(instant.toEpochMilli());
        return millis.equals(instant) ? millis : millis.plusMillis(1);
    }

    @Override
    public void close() {
        redis.ifPresent(RedisBuckets::close);
    }

    /**
     * One limit a message is subject to.
     *
     * @param kind {@code sender} or {@code provider}, the {@code limit} tag of the waits metric
     * @param key  the bucket's key, e.g. {@code lineup:rate:sms:twilio:sender:+14155550100}
     */
    private record Limit(String kind, String key, Rate rate) {}
}
