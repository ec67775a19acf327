package dev.lineup.api.limits;

import dev.lineup.core.job.PerProducer;
import dev.lineup.core.job.Priority;
import dev.lineup.engine.limits.Rate;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one producer may ask of the jobs API. Defaults live in {@code lineup-api.properties}, each
 * behind an environment variable; a bad value stops the app at startup naming the variable.
 *
 * @param requestRate         requests a producer may make ({@code LINEUP_API_REQUEST_RATE}, a rate or {@code off})
 * @param jobRate             jobs a producer may enqueue, a batch counting each of its jobs ({@code LINEUP_API_JOB_RATE})
 * @param producerRequestRate per-producer exceptions to {@code requestRate} ({@code LINEUP_PRODUCER_REQUEST_RATE=salon=20/1s})
 * @param producerJobRate     per-producer exceptions to {@code jobRate} ({@code LINEUP_PRODUCER_JOB_RATE})
 * @param maxWaitingJobs      how many scheduled and ready jobs one producer may have at once ({@code LINEUP_API_MAX_WAITING_JOBS})
 * @param maxPriority         the highest priority a producer may use ({@code LINEUP_API_MAX_PRIORITY}); operators may use any
 * @param producerMaxPriority per-producer exceptions to {@code maxPriority} ({@code LINEUP_PRODUCER_MAX_PRIORITY=ops=critical})
 * @param authFailureRate     failed authentications one client address may make before it is answered 429
 *                            ({@code LINEUP_API_AUTH_FAILURE_RATE})
 * @param instances           how many API processes split each rate while Redis cannot share it ({@code LINEUP_API_INSTANCES})
 * @param redisUrl            the Redis that API processes share their rates in ({@code LINEUP_REDIS_URL}); empty: none
 */
@ConfigurationProperties("lineup.api.limits")
public record ApiLimits(
        String requestRate,
        String jobRate,
        String producerRequestRate,
        String producerJobRate,
        long maxWaitingJobs,
        String maxPriority,
        String producerMaxPriority,
        String authFailureRate,
        int instances,
        String redisUrl) {

    public ApiLimits {
        if (maxWaitingJobs < 1) throw new IllegalArgumentException("LINEUP_API_MAX_WAITING_JOBS: must be at least 1");
        if (instances < 1) throw new IllegalArgumentException("LINEUP_API_INSTANCES: must be at least 1");
        // read everything once now, so a bad setting stops the app at startup (the fields are not set yet: read the
        // parameters)
        Rate.parse("LINEUP_API_REQUEST_RATE", requestRate);
        Rate.parse("LINEUP_API_JOB_RATE", jobRate);
        Rate.parse("LINEUP_API_AUTH_FAILURE_RATE", authFailureRate);
        PerProducer.parse("LINEUP_PRODUCER_REQUEST_RATE", producerRequestRate, ApiLimits::rateOrOff);
        PerProducer.parse("LINEUP_PRODUCER_JOB_RATE", producerJobRate, ApiLimits::rateOrOff);
        PerProducer.parse("LINEUP_PRODUCER_MAX_PRIORITY", producerMaxPriority, ApiLimits::priority);
        priority("LINEUP_API_MAX_PRIORITY", maxPriority);
    }

    /** The request rate of {@code producer}, or empty for none. */
    public Optional<Rate> requests(String producer) {
        return Optional.ofNullable(
                        PerProducer.parse("LINEUP_PRODUCER_REQUEST_RATE", producerRequestRate, ApiLimits::rateOrOff)
                                .get(producer))
                .orElseGet(() -> Rate.parse("LINEUP_API_REQUEST_RATE", requestRate));
    }

    /** The job rate of {@code producer}, or empty for none. */
    public Optional<Rate> jobs(String producer) {
        return Optional.ofNullable(PerProducer.parse("LINEUP_PRODUCER_JOB_RATE", producerJobRate, ApiLimits::rateOrOff)
                        .get(producer))
                .orElseGet(() -> Rate.parse("LINEUP_API_JOB_RATE", jobRate));
    }

    /** The highest priority {@code producer} may use. */
    public Priority priorityCeiling(String producer) {
        Map<String, Priority> ceilings =
                PerProducer.parse("LINEUP_PRODUCER_MAX_PRIORITY", producerMaxPriority, ApiLimits::priority);
        return ceilings.getOrDefault(producer, priority("LINEUP_API_MAX_PRIORITY", maxPriority));
    }

    public Optional<Rate> authFailures() {
        return Rate.parse("LINEUP_API_AUTH_FAILURE_RATE", authFailureRate);
    }

    public Optional<String> redis() {
        return redisUrl == null || redisUrl.isBlank() ? Optional.empty() : Optional.of(redisUrl);
    }

    private static Optional<Rate> rateOrOff(String value) {
        return Rate.parse("a rate", value);
    }

    private static Priority priority(String value) {
        return Priority.parse(value).orElseThrow(() -> new IllegalArgumentException("a priority is one of " + names()));
    }

    private static Priority priority(String variable, String value) {
        return Priority.parse(value)
                .orElseThrow(() -> new IllegalArgumentException(
                        variable + ": '" + value + "' is not a priority; use one of " + names()));
    }

    private static String names() {
        return Arrays.stream(Priority.values()).map(Priority::wireName).collect(Collectors.joining(", "));
    }
}
