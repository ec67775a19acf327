package dev.lineup.worker.email;

import dev.lineup.core.run.RunContext;
import dev.lineup.worker.sandbox.SandboxOutbox;

/**
 * Sends nothing: records the email in the sandbox table, once per job. The table has one body
 * column: it gets the plain text, or the HTML when the email has no text.
 */
class SandboxEmailGateway implements EmailGateway {

    private final SandboxOutbox outbox;

    SandboxEmailGateway(SandboxOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public String send(EmailMessage message, RunContext run) {
        String body = message.text() != null ? message.text() : message.html();
        outbox.record(SandboxOutbox.Channel.EMAIL, run, String.join(", ", message.to()), message.subject(), body);
        return "sandbox:" + run.jobId();
    }
}
