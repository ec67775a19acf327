package dev.lineup.engine.limits;

import io.github.bucket4j.Bandwidth;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate: at most {@code permits} per {@code period} (messages sent, requests made), written
 * {@code <permits>/<duration>} ({@code 1/1s}, {@code 600/1m}, {@code 5000/1d}) or {@code off}.
 * The one grammar of every rate setting.
 */
public record Rate(long permits, Duration period) {

    private static final Pattern SYNTAX = Pattern.compile("([1-9][0-9]{0,8})/([1-9][0-9]{0,8})(ms|s|m|h|d)");

    public Rate {
        if (permits < 1) throw new IllegalArgumentException("a rate needs at least 1 permit");
        if (period.isNegative() || period.isZero())
            throw new IllegalArgumentException("a rate's period must be positive");
    }

    /**
     * Reads a rate setting.
     *
     * @param variable the environment variable the text came from, named in the error
     * @return empty for {@code off}
     * @throws IllegalArgumentException naming {@code variable} when the text is not a rate
     */
    public static Optional<Rate> parse(String variable, String text) {
        String value = text == null ? "" : text.strip();
        if (value.equalsIgnoreCase("off")) return Optional.empty();
        Matcher matcher = SYNTAX.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(variable + ": '" + value + "' is not a rate; write <permits>/<duration> "
                    + "such as 1/1s, 600/1m or 5000/1d (units ms, s, m, h, d), or off");
        }
        long amount = Long.parseLong(matcher.group(2));
        Duration period =
                switch (matcher.group(3)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
        return Optional.of(new Rate(Long.parseLong(matcher.group(1)), period));
    }

    /**
     * The bucket for this rate when {@code processes} processes split it without talking to
     * each other: each refills the permits over a period {@code processes} times as long (so
     * 1/1s split 3 ways is one message every 3 s, not none) and lets its share of them go at
     * once after a quiet spell. One process gets the whole rate: a burst of all the permits,
     * then an even trickle.
     */
    public Bandwidth bandwidth(int processes) {
        return Bandwidth.builder()
                .capacity(Math.max(1, permits / processes))
                .refillGreedy(permits, period.multipliedBy(processes))
                .build();
    }

    @Override
    public String toString() {
        return permits + "/" + period;
    }
}
