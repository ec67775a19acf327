package dev.lineup.worker.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps the first bytes of a webhook's answer for the failure message, so a dead letter shows
 * what the app said; the rest is read and dropped, whatever its size.
 */
final class BodySnippet implements Consumer<Optional<byte[]>> {

    private static final int LIMIT = 300;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public synchronized void accept(Optional<byte[]> chunk) {
        chunk.ifPresent(bytes -> kept.write(bytes, 0, Math.min(bytes.length, LIMIT - kept.size())));
    }

    /** {@code ": <the body's start>"}, or nothing when the answer had no body. */
    synchronized String describe() {
        String text = kept.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : ": " + text;
    }
}
