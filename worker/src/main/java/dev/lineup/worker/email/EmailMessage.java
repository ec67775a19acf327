package dev.lineup.worker.email;

import jakarta.mail.internet.InternetAddress;

import java.util.List;

/**
 * A rendered email, ready to send: a plain-text part, an HTML part, or both.
 *
 * @param from    who it is sent as; null for the worker's own address ({@code lineup.worker.email.from})
 * @param to      one or more recipients' addresses
 * @param subject the subject line
 * @param text    the plain-text body; may be null when there is HTML
 * @param html    the HTML body; null for a plain-text email
 */
public record EmailMessage(InternetAddress from, List<String> to, String subject, String text, String html) {

    public EmailMessage {
        if (to.isEmpty()) throw new IllegalArgumentException("an email needs at least one recipient");
        if (text == null && html == null) throw new IllegalArgumentException("an email needs a text or an HTML body");
        to = List.copyOf(to);
    }

    /** A plain-text email from the worker's own address. */
    public EmailMessage(List<String> to, String subject, String text) {
        this(null, to, subject, text, null);
    }
}
