package dev.lineup.worker.email;

import java.util.List;

/**
 * A rendered plain-text email, ready to send.
 *
 * @param to      one or more recipients' addresses
 * @param subject the subject line
 * @param text    the plain-text body
 */
public record EmailMessage(List<String> to, String subject, String text) {

    public EmailMessage {
        if (to.isEmpty()) throw new IllegalArgumentException("an email needs at least one recipient");
        to = List.copyOf(to);
    }
}
