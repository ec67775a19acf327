package dev.lineup.worker.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Keeps the first bytes of a webhook's answer for the failure message, so a dead letter shows
 * what the app said; the rest is read and dropped, whatever its size, until the call's deadline.
 * Only a short excerpt is kept and control characters are removed: the message reaches the
 * producer, logs and views.
 */
final class BodySnippet {

    static final int LIMIT = 200;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    /** Reads the whole body, keeping its start; gives up when the deadline ({@link System#nanoTime()}) passes. */
    void drain(InputStream body, long deadline, Duration wholeCall) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = body.read(buffer)) != -1) {
            kept.write(buffer, 0, Math.min(read, LIMIT - kept.size()));
            if (System.nanoTime() - deadline > 0) {
                throw new HttpTimeoutException(
                        "webhook did not finish answering within " + wholeCall.toMillis() + " ms");
            }
        }
    }

    /** {@code ": <the body's start>"}, or nothing when the answer had no body. */
    String describe() {
        String text = kept.toString(StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\\s]+", " ")
                .replace("\uFFFD", "")
                .strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
