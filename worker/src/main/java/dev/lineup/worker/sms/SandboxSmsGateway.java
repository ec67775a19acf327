package dev.lineup.worker.sms;

import dev.lineup.core.run.RunContext;
import dev.lineup.worker.sandbox.SandboxOutbox;

/** Sends nothing: records the text message in the sandbox table, once per job. */
class SandboxSmsGateway implements SmsGateway {

    private final SandboxOutbox outbox;

    SandboxSmsGateway(SandboxOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(String to, String text, RunContext run) {
        outbox.record(SandboxOutbox.Channel.SMS, run, to, null, text);
    }
}
