package dev.lineup.worker.delivery;

import java.util.Locale;

/** What kind of message a delivery sends. */
public enum Channel {
    EMAIL,
    SMS;

    /** {@code email} or {@code sms}: the word in tables, metrics and limit keys. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
