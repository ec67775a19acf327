package dev.lineup.worker.email;

import dev.lineup.core.run.RunContext;
import dev.lineup.worker.sandbox.SandboxOutbox;

/** Sends nothing: records the email in the sandbox table, once per job. */
class SandboxEmailGateway implements EmailGateway {

    private final SandboxOutbox outbox;

    SandboxEmailGateway(SandboxOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(EmailMessage message, RunContext run) {
        outbox.record(SandboxOutbox.Channel.EMAIL, run, String.join(", ", message.to()), message.subject(), message.text());
    }
}
