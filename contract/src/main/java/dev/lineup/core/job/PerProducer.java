package dev.lineup.core.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one grammar of a setting that differs by producer: {@code producer=value} pairs separated
 * by {@code ;}, e.g. {@code LINEUP_PRODUCER_MAX_RUNNING=salon=5;marketplace=50}. Errors name the
 * variable and the entry, never a value the parser could not read as meant.
 */
public final class PerProducer {

    private PerProducer() {}

    /**
     * Reads {@code text} into producer → value; an empty or absent text is an empty map.
     *
     * @param variable the environment variable the text came from, for error messages
     * @param parse    reads one value, throwing {@link IllegalArgumentException} with what a valid one looks like
     */
    public static <V> Map<String, V> parse(String variable, String text, Function<String, V> parse) {
        return parse(variable, text, parse, true);
    }

    /** Like {@link #parse}, for values that are secrets: errors name the producer, never the value. */
    public static <V> Map<String, V> parseSecrets(String variable, String text, Function<String, V> parse) {
        return parse(variable, text, parse, false);
    }

    private static <V> Map<String, V> parse(
            String variable, String text, Function<String, V> parse, boolean showValues) {
        Map<String, V> pairs = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return pairs;
        for (String entry : text.split(";", -1)) {
            if (entry.isBlank()) continue;
            int equals = entry.indexOf('=');
            String producer = equals < 0 ? "" : entry.substring(0, equals).strip();
            String value = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (producer.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(variable + ": '" + (showValues ? entry.strip() : producer)
                        + "' is not producer=value; " + "separate producers with ';'");
            }
            try {
                if (pairs.put(producer, parse.apply(value)) != null) {
                    throw new IllegalArgumentException(variable + ": producer '" + producer + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(variable)) throw e;
                throw new IllegalArgumentException(
                        variable + ": " + producer + "=" + (showValues ? value : "(hidden)") + ": " + e.getMessage(),
                        e);
            }
        }
        return pairs;
    }
}
