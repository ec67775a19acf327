package dev.lineup.worker.delivery;

import dev.lineup.engine.limits.Rate;
import io.lettuce.core.RedisURI;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

import java.util.Optional;

/**
 * The send rates, under {@code lineup.worker.rate-limits}. Defaults and their environment
 * variables are in {@code lineup-worker.properties}. A rate is {@code <permits>/<duration>},
 * e.g. {@code 1/1s} or {@code 600/1m}, or {@code off}; a malformed one stops the worker at
 * startup, naming its variable.
 *
 * @param redisUrl       {@code LINEUP_REDIS_URL}: the Redis that all workers keep their shared
 *                       buckets in, e.g. {@code redis://redis:6379}; empty for none, and then
 *                       each process limits itself to its share of each rate
 * @param sms            {@code LINEUP_SMS_RATE}: all SMS through one provider account
 * @param smsPerSender   {@code LINEUP_SMS_RATE_PER_SENDER}: SMS from one number or messaging
 *                       service (Twilio lets a long code send 1 a second)
 * @param email          {@code LINEUP_EMAIL_RATE}: all email through one SMTP account
 * @param emailPerSender {@code LINEUP_EMAIL_RATE_PER_SENDER}: email from one From address
 * @param workers        {@code LINEUP_RATE_LIMIT_WORKERS}: how many worker processes share the
 *                       rates when they cannot meet in Redis; each then takes 1/workers of each
 */
@ConfigurationProperties("lineup.worker.rate-limits")
@Validated
record RateLimitProperties(
        Optional<String> redisUrl,
        Optional<Rate> sms,
        Optional<Rate> smsPerSender,
        Optional<Rate> email,
        Optional<Rate> emailPerSender,

        @Min(value = 1, message = "must be at least 1; set LINEUP_RATE_LIMIT_WORKERS to the number of worker processes")
        @Max(
                value = 10_000,
                message = "must be at most 10000; set LINEUP_RATE_LIMIT_WORKERS to the number of worker processes")
        int workers) {

    @ConstructorBinding
    RateLimitProperties(
            String redisUrl, String sms, String smsPerSender, String email, String emailPerSender, int workers) {
        this(
                Optional.ofNullable(redisUrl)
                        .map(String::strip)
                        .filter(url -> !url.isEmpty())
                        .map(RateLimitProperties::checkRedisUrl),
                Rate.parse("LINEUP_SMS_RATE (lineup.worker.rate-limits.sms)", sms),
                Rate.parse("LINEUP_SMS_RATE_PER_SENDER (lineup.worker.rate-limits.sms-per-sender)", smsPerSender),
                Rate.parse("LINEUP_EMAIL_RATE (lineup.worker.rate-limits.email)", email),
                Rate.parse("LINEUP_EMAIL_RATE_PER_SENDER (lineup.worker.rate-limits.email-per-sender)", emailPerSender),
                workers);
    }

    /** Fails at startup on a URL Lettuce cannot read, without repeating it: it may hold a password. */
    private static String checkRedisUrl(String url) {
        try {
            RedisURI.create(url);
            return url;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "LINEUP_REDIS_URL (lineup.worker.rate-limits.redis-url) is not a Redis URL; "
                            + "write redis://host:6379, redis://:password@host:6379/0 or rediss://host:6380 for TLS, "
                            + "or leave it empty for no Redis");
        }
    }

    /** The rate for all of a provider's messages on a channel. */
    Optional<Rate> perProvider(Channel channel) {
        return channel == Channel.SMS ? sms : email;
    }

    /** The rate for one sender's messages on a channel. */
    Optional<Rate> perSender(Channel channel) {
        return channel == Channel.SMS ? smsPerSender : emailPerSender;
    }
}
