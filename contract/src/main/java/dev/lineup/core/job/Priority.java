package dev.lineup.core.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The four queues a job can wait in. A waiting job of a higher priority is fetched before any
 * waiting job of a lower one. {@link #rank()} is what SQL orders by: lower runs first.
 */
public enum Priority {
    /** Security alerts, payments. */
    CRITICAL(0),
    /** Verification codes, booking confirmations. */
    HIGH(1),
    /** Reminders, email. */
    NORMAL(2),
    /** Reports, cleanups, analytics. */
    LOW(3);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** The name producers send and read: {@code critical}, {@code high}, {@code normal}, {@code low}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Priority> parse(String wireName) {
        return Arrays.stream(values())
                .filter(p -> p.wireName().equals(wireName))
                .findFirst();
    }

    public static Priority ofRank(int rank) {
        return Arrays.stream(values())
                .filter(p -> p.rank == rank)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no priority has rank " + rank));
    }
}
