package dev.lineup.worker.sms;

import dev.lineup.core.run.RunContext;

/**
 * Delivers a text message. Only {@link SandboxSmsGateway} exists so far; Twilio is the next
 * provider. Throws to have the job retried, {@link dev.lineup.core.run.PermanentFailure} when
 * retrying cannot help.
 */
interface SmsGateway {

    void send(String to, String text, RunContext run) throws Exception;
}
