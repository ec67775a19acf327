package dev.lineup.worker.delivery;

import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.util.Optional;

/**
 * At most {@code max} SMS to one phone number per {@code window}, counted over every worker,
 * e.g. {@code 3/10m}. What happens to one more is the cap's {@link Action}.
 */
record RecipientCap(int max, Duration window, Action action) {

    enum Action {
        /** Keep the message and send it when the oldest send in the window leaves it. */
        HOLD,
        /** Never send it; the job ends as dropped. */
        DROP
    }

    /** {@code 3/10m}, or empty for {@code off}. Checked by {@link DeliveryProperties}'s pattern first. */
    static Optional<RecipientCap> parse(String text, Action action) {
        if (text.equals("off")) return Optional.empty();
        String[] maxWindow = text.split("/", 2);
        return Optional.of(
                new RecipientCap(Integer.parseInt(maxWindow[0]), DurationStyle.SIMPLE.parse(maxWindow[1]), action));
    }

    /** e.g. "3 per 10m". */
    String describe() {
        long seconds = window.toSeconds();
        String span =
                seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        return max + " per " + span;
    }
}
