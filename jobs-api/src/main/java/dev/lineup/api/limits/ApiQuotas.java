package dev.lineup.api.limits;

import dev.lineup.api.auth.AuthFailures;
import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.job.JobStates;
import dev.lineup.core.job.PerProducer;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.enqueue.NewJob;
import dev.lineup.engine.limits.ClockTimeMeter;
import dev.lineup.engine.limits.LocalBuckets;
import dev.lineup.engine.limits.Rate;
import dev.lineup.engine.limits.RedisBuckets;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every limit the jobs API holds a producer to: its request and job rates (shared by every API
 * process through Redis when {@code LINEUP_REDIS_URL} is set, else each process takes
 * 1/{@code LINEUP_API_INSTANCES} of each), the highest priority it may use, how many waiting jobs
 * it may have, and how fast one client address may fail to authenticate.
 */
public final class ApiQuotas implements AuthFailures, AutoCloseable {

    /** A producer's waiting jobs are counted at most this often per API process. */
    private static final Duration COUNT_EVERY = Duration.ofSeconds(1);

    /** The waiting states as SQL, in the order of the partial index that serves the count. */
    private static final String WAITING =
            JobStates.WAITING.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    private final ApiLimits limits;
    private final Map<String, Optional<Rate>> requestRates;
    private final Map<String, Optional<Rate>> jobRates;
    private final Map<String, Priority> ceilings;
    private final LocalBuckets local;
    private final Optional<RedisBuckets> redis;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Counted> waiting = new ConcurrentHashMap<>();

    private record Counted(long jobs, Instant at) {}

    public ApiQuotas(ApiLimits limits, JdbcClient jdbc, Clock clock) {
        this.limits = limits;
        this.requestRates = PerProducer.parse(
                "LINEUP_PRODUCER_REQUEST_RATE", limits.producerRequestRate(), v -> Rate.parse("a rate", v));
        this.jobRates =
                PerProducer.parse("LINEUP_PRODUCER_JOB_RATE", limits.producerJobRate(), v -> Rate.parse("a rate", v));
        this.ceilings =
                PerProducer.parse("LINEUP_PRODUCER_MAX_PRIORITY", limits.producerMaxPriority(), v -> Priority.parse(v)
                        .orElseThrow(() ->
                                new IllegalArgumentException("a priority is one of critical, high, normal, low")));
        this.local = new LocalBuckets(new ClockTimeMeter(clock), limits.instances());
        this.redis = limits.redis()
                .map(url -> new RedisBuckets(
                        url,
                        clock,
                        "the API's rate limits",
                        "each API process holds producers to its share of each rate (1/LINEUP_API_INSTANCES)"));
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes one request from {@code producer}'s request rate; empty when it has none. */
    Optional<Quota> request(String producer) {
        return requestRates
                .getOrDefault(producer, limits.requests(""))
                .map(rate -> take("requests", "requests:" + producer, rate, 1));
    }

    /**
     * Admits {@code jobs} from {@code producer}, or refuses them all: 403 for a priority above its
     * ceiling (naming the job), 429 when they would pass its waiting-jobs quota or its job rate.
     */
    public void admit(Producer producer, List<NewJob> jobs, boolean batch) {
        if (!producer.operator()) {
            Priority ceiling = ceilings.getOrDefault(producer.name(), limits.priorityCeiling(""));
            for (int i = 0; i < jobs.size(); i++) {
                Priority priority = jobs.get(i).priority();
                if (priority.rank() < ceiling.rank()) {
                    String field = batch ? "jobs[" + i + "].priority" : "priority";
                    throw ApiProblem.forbidden(
                            "Producer '" + producer.name() + "' may use priorities up to " + ceiling.wireName()
                                    + "; '" + priority.wireName() + "' needs LINEUP_PRODUCER_MAX_PRIORITY="
                                    + producer.name() + "="
                                    + priority.wireName() + ".",
                            field);
                }
            }
        }
        long waitingNow = waitingJobs(producer.name());
        if (waitingNow + jobs.size() > limits.maxWaitingJobs()) {
            throw ApiProblem.tooManyRequests(
                    "Producer '" + producer.name() + "' has " + waitingNow + " scheduled and waiting jobs; "
                            + "the quota is " + limits.maxWaitingJobs()
                            + " (LINEUP_API_MAX_WAITING_JOBS). Try again once some have run.",
                    "waiting-jobs",
                    COUNT_EVERY.toSeconds());
        }
        Optional<Rate> rate = jobRates.getOrDefault(producer.name(), limits.jobs(""));
        if (rate.isPresent()) {
            Quota quota = take("jobs", "jobs:" + producer.name(), rate.get(), jobs.size());
            if (!quota.allowed()) {
                throw ApiProblem.tooManyRequests(
                        "Producer '" + producer.name() + "' may enqueue "
                                + rate.get().permits() + " jobs per "
                                + rate.get().period() + "; this request has " + jobs.size() + ".",
                        "jobs",
                        quota.secondsToRetry());
            }
        }
        // until the next count, what this process admitted counts as waiting
        waiting.computeIfPresent(producer.name(), (p, c) -> new Counted(c.jobs() + jobs.size(), c.at()));
    }

    @Override
    public OptionalLong failed(String address) {
        Optional<Quota> quota =
                limits.authFailures().map(rate -> take("auth-failures", "auth-failures:" + address, rate, 1));
        return quota.filter(q -> !q.allowed())
                .map(q -> OptionalLong.of(q.secondsToRetry()))
                .orElse(OptionalLong.empty());
    }

    private Quota take(String policy, String key, Rate rate, long tokens) {
        ConsumptionProbe probe = redis.flatMap(r -> r.tryTake("lineup:api:" + key, rate, tokens))
                .orElseGet(() -> local.tryTake(key, rate, tokens));
        return new Quota(
                policy,
                rate,
                probe.isConsumed(),
                probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()),
                Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private long waitingJobs(String producer) {
        Instant now = clock.instant();
        Counted counted = waiting.get(producer);
        if (counted != null && counted.at().plus(COUNT_EVERY).isAfter(now)) return counted.jobs();
        // bounded: past the quota the exact number does not matter
        long jobs = jdbc.sql("select count(*) from (select 1 from jobrunr_jobs where lineup_producer = ? and state in ("
                        + WAITING + ") limit ?) w")
                .param(producer)
                .param(limits.maxWaitingJobs() + 1)
                .query(Long.class)
                .single();
        waiting.put(producer, new Counted(jobs, now));
        return jobs;
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** Whether the rates are shared in Redis right now: false without Redis, or while it does not answer. */
    boolean shared() {
        return redis.map(RedisBuckets::up).orElse(false);
    }

    @Override
    public void close() {
        redis.ifPresent(RedisBuckets::close);
    }
}
