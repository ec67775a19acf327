package dev.lineup.worker.sms;

import dev.lineup.core.run.RunContext;
import dev.lineup.worker.sandbox.SandboxOutbox;

import java.time.Instant;
import java.util.Optional;

/** Sends nothing: records the text message in the sandbox table, once per job. */
class SandboxSmsGateway implements SmsGateway {

    private final SandboxOutbox outbox;
    private final String defaultSender;

    /** @param defaultSender the sender a producer without its own gets; only shown, never used */
    SandboxSmsGateway(SandboxOutbox outbox, String defaultSender) {
        this.outbox = outbox;
        this.defaultSender = defaultSender;
    }

    @Override
    public String provider() {
        return "sandbox";
    }

    @Override
    public String defaultSender() {
        return defaultSender;
    }

    @Override
    public String send(SmsMessage message, RunContext run) {
        outbox.record(SandboxOutbox.Channel.SMS, run, message.to(), null, message.text());
        return "sandbox:" + run.jobId();
    }

    /** The sandbox records a job's message once however often it runs: nothing to ask. */
    @Override
    public Optional<String> sentSince(SmsMessage message, RunContext run, Instant since) {
        return Optional.empty();
    }
}
