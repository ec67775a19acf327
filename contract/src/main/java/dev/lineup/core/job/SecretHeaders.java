package dev.lineup.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule for which header values are secrets and never shown: any name containing
 * {@code auth} ({@code Authorization}, {@code Proxy-Authorization}), {@code cookie},
 * {@code session}, {@code token}, {@code key}, {@code secret}, {@code password},
 * {@code passwd}, {@code signature} or {@code credential}, in any case. Every view of a job (the jobs API, dead letters, logs, the
 * dashboard's job JSON) shows such a value as {@value #REDACTED}; the stored job keeps it, so
 * the call still carries it.
 */
public final class SecretHeaders {

    /** What a secret value is shown as. */
    public static final String REDACTED = "***";

    private static final String[] SECRET_PARTS = {
        "token", "key", "secret", "password", "passwd", "signature", "credential", "auth", "cookie", "session"
    };

    private SecretHeaders() {}

    /** Whether a header of this name carries a credential. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String part : SECRET_PARTS) {
            if (lower.contains(part)) return true;
        }
        return false;
    }

    /** The headers with every secret value replaced by {@value #REDACTED}, in the same order. */
    public static Map<String, String> redact(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) return headers;
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> shown.put(name, isSecret(name) ? REDACTED : value));
        return Collections.unmodifiableMap(shown);
    }
}
