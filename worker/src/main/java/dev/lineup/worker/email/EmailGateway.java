package dev.lineup.worker.email;

import dev.lineup.core.run.RunContext;

/**
 * Delivers an email: {@link SmtpEmailGateway} through a real server, {@link SandboxEmailGateway}
 * into the sandbox table. Chosen by {@code lineup.worker.email.provider}.
 *
 * <p>Throws to have the job retried, keeping the cause (delivery looks for a refused connection
 * in it); throws {@link dev.lineup.core.run.PermanentFailure} when retrying cannot help, e.g. the
 * server refuses the recipient.
 */
public interface EmailGateway {

    /** Sends the email; returns its id at the provider (the Message-ID for SMTP). */
    String send(EmailMessage message, RunContext run) throws Exception;
}
