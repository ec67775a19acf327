package dev.lineup.core.run;

import java.util.Objects;

/**
 * Thrown by a handler to end its job on purpose without doing its work, e.g. an SMS over the
 * recipient's cap when the cap is set to drop. The job is deleted with a reason starting
 * {@code Dropped:}, shows as {@code dropped} in the API, and is counted — it is neither a
 * failure nor a dead letter, and never silently lost: the handler records what it dropped.
 */
public final class Drop extends RuntimeException {

    private final String reason;

    public Drop(String reason) {
        super("Dropped: " + reason, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String reason() {
        return reason;
    }
}
