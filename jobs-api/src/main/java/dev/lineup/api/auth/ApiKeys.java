package dev.lineup.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured producers and their API keys, read from {@code producer:key,producer2:key2}.
 * Only SHA-256 digests of the keys are kept, and a presented key is compared against every one
 * of them in constant time, so neither the comparison nor its timing tells how close a guess was.
 */
final class ApiKeys {

    private static final Pattern PRODUCER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final int MIN_KEY_LENGTH = 8;

    @SuppressWarnings(
            "ArrayRecordComponent") // private; digests are compared with MessageDigest.isEqual, never equals()
    private record Entry(String producer, byte[] digest) {}

    private final List<Entry> entries;
    private final Set<String> operators;

    private ApiKeys(List<Entry> entries, Set<String> operators) {
        this.entries = List.copyOf(entries);
        this.operators = Set.copyOf(operators);
    }

    /**
     * Reads the {@code lineup.api.keys} setting.
     *
     * @throws IllegalArgumentException naming the bad entry by position, never echoing a key
     */
    static ApiKeys parse(String setting) {
        List<Entry> entries = new ArrayList<>();
        Set<String> producers = new HashSet<>();
        Set<String> keys = new HashSet<>();
        String[] items = setting == null || setting.isBlank() ? new String[0] : setting.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            String where = "LINEUP_API_KEYS (lineup.api.keys) entry " + (i + 1) + " of " + items.length;
            int colon = item.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(
                        where + " is not producer:key; write the setting as producer:key,producer2:key2.");
            }
            String producer = item.substring(0, colon);
            String key = item.substring(colon + 1);
            if (!PRODUCER_NAME.matcher(producer).matches()) {
                throw new IllegalArgumentException(where + ": producer name '" + producer
                        + "' must be 1 to 32 lowercase letters, digits, '-' or '_', starting with a letter or digit.");
            }
            if (key.length() < MIN_KEY_LENGTH || !key.strip().equals(key)) {
                throw new IllegalArgumentException(where + ": the key of producer '" + producer + "' must be at least "
                        + MIN_KEY_LENGTH + " characters without surrounding spaces.");
            }
            if (!producers.add(producer)) {
                throw new IllegalArgumentException(
                        where + ": producer '" + producer + "' is listed twice; give each producer one key.");
            }
            if (!keys.add(key)) {
                throw new IllegalArgumentException(where + ": producer '" + producer
                        + "' has the same key as an earlier producer; give each producer its own key.");
            }
            entries.add(new Entry(producer, sha256(key)));
        }
        return new ApiKeys(entries, Set.of());
    }

    /**
     * These keys with the {@code lineup.api.operators} setting applied: a comma list of
     * configured producers that act as operators.
     *
     * @throws IllegalArgumentException naming an operator that is not a configured producer
     */
    ApiKeys withOperators(String setting) {
        Set<String> names = new LinkedHashSet<>();
        for (String item : setting == null || setting.isBlank() ? new String[0] : setting.split(",", -1)) {
            String name = item.strip();
            if (!producers().contains(name)) {
                throw new IllegalArgumentException(
                        "LINEUP_API_OPERATORS (lineup.api.operators) names '" + name
                                + "', which is not a producer in LINEUP_API_KEYS; list producers from LINEUP_API_KEYS, e.g. ops,salon.");
            }
            names.add(name);
        }
        return new ApiKeys(entries, names);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<String> producers() {
        return entries.stream().map(Entry::producer).toList();
    }

    /** The producers that act as operators, in the order configured. */
    List<String> operators() {
        return producers().stream().filter(operators::contains).toList();
    }

    boolean isOperator(String producer) {
        return operators.contains(producer);
    }

    /** The producer that owns this key, if any. */
    Optional<String> producerOf(String presentedKey) {
        byte[] digest = sha256(presentedKey);
        String owner = null;
        // no early exit: every configured key is compared, whatever the outcome
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) owner = entry.producer();
        }
        return Optional.ofNullable(owner);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
