package dev.lineup.worker.sandbox;

import dev.lineup.core.run.RunContext;
import dev.lineup.worker.delivery.Channel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where the sandbox providers put the messages they would have sent: one row per job in
 * {@code lineup_sandbox_messages}, so developers and tests can read them and a job that runs
 * twice still records its message once.
 */
@Component
public class SandboxOutbox {

    /** The kind of message, as stored in the {@code channel} column. */
    public enum Channel {
        EMAIL("email"),
        SMS("sms");

        private final String column;

        Channel(String column) {
            this.column = column;
        }
    }

    private final JdbcClient jdbc;

    SandboxOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the job's message unless it already has one; says whether this call recorded it. */
    public boolean record(Channel channel, RunContext run, String recipient, String subject, String body) {
        int inserted = jdbc.sql("""
                        insert into lineup_sandbox_messages (job_id, channel, producer, recipient, subject, body)
                        values (:jobId, :channel, :producer, :recipient, :subject, :body)
                        on conflict (job_id) do nothing
                        """)
                .param("jobId", run.jobId())
                .param("channel", channel.column)
                .param("producer", run.producer())
                .param("recipient", recipient)
                .param("subject", subject)
                .param("body", body)
                .update();
        return inserted == 1;
    }
}
