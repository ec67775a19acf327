package dev.lineup.worker.delivery;

import dev.lineup.core.run.RunContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The table {@code lineup_send_ledger}: one row per job that sends a message, saying whether it
 * went out. A job's row moves held → sending → sent, or ends dropped; a failed call deletes its
 * claim. The row is written before the provider is called and marked sent after, so a job run
 * again after its provider accepted the message finds it sent and never calls again. What is
 * left: a worker that dies (or cannot write) between the provider's answer and the mark leaves
 * the row at sending, and the job's next run sends once more.
 */
class SendLedger {

    /** What {@link #claim} decided. */
    sealed interface Claim {
    }

    /** The job may call its provider now. */
    record Claimed() implements Claim {
    }

    /** The job sent its message already. */
    record AlreadySent() implements Claim {
    }

    /**
     * The recipient has had {@code sends} messages in the cap's window; the next may go at
     * {@code roomAt}, when the oldest of them leaves it.
     */
    record OverCap(long sends, Instant roomAt) implements Claim {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SendLedger(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Whether the job's message went out already. */
    boolean sent(RunContext run) {
        return jdbc.sql("select 1 from lineup_send_ledger where job_id = ? and state = 'sent'")
                .param(run.jobId()).query().optionalValue().isPresent();
    }

    /**
     * Claims the send for this job: its row becomes {@code sending}, claimed now. With a cap,
     * first counts the recipient's sends in the window, holding a transaction-scoped advisory
     * lock on the recipient so that two workers cannot both see room for the last message.
     */
    Claim claim(Outgoing message, RunContext run, Optional<RecipientCap> cap) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            if (cap.isPresent()) {
                jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                        .param("lineup-recipient-cap:" + message.channel().word() + ":" + message.recipient())
                        .query().singleValue();
                List<Instant> recent = jdbc.sql("""
                                select claimed_at from lineup_send_ledger
                                where channel = ? and recipient = ? and state in ('sending', 'sent') and claimed_at > ? and job_id <> ?
                                order by claimed_at""")
                        .params(message.channel().word(), message.recipient(), at(now.minus(cap.get().window())), run.jobId())
                        .query((rs, row) -> rs.getTimestamp(1).toInstant())
                        .list();
                int over = recent.size() - cap.get().max();
                if (over >= 0) return new OverCap(recent.size(), recent.get(over).plus(cap.get().window()));
            }
            int claimed = jdbc.sql("""
                            insert into lineup_send_ledger (job_id, channel, provider, producer, recipient, state, claimed_at, updated_at)
                            values (?, ?, ?, ?, ?, 'sending', ?, ?)
                            on conflict (job_id) do update set
                                channel = excluded.channel, provider = excluded.provider, recipient = excluded.recipient,
                                state = 'sending', detail = null, hold_until = null,
                                claimed_at = excluded.claimed_at, updated_at = excluded.updated_at
                            where lineup_send_ledger.state <> 'sent'""")
                    .params(run.jobId(), message.channel().word(), message.provider(), run.producer(), message.recipient(), at(now), at(now))
                    .update();
            return claimed == 1 ? new Claimed() : new AlreadySent();
        });
    }

    /** Records that the provider accepted the job's message under {@code providerMessageId}. */
    void markSent(RunContext run, String providerMessageId) {
        Instant now = clock.instant();
        jdbc.sql("update lineup_send_ledger set state = 'sent', provider_message_id = ?, sent_at = ?, updated_at = ? where job_id = ?")
                .params(providerMessageId, at(now), at(now), run.jobId())
                .update();
    }

    /**
     * Gives up the job's claim after a failed call: it no longer counts toward the recipient's
     * cap, and the job's retry claims again.
     */
    void release(RunContext run) {
        jdbc.sql("delete from lineup_send_ledger where job_id = ? and state = 'sending'").param(run.jobId()).update();
    }

    /** Records that the job waits until {@code until} because of {@code detail}. */
    void hold(Outgoing message, RunContext run, Instant until, String detail) {
        settle(message, run, "held", until, detail);
    }

    /** Records that the job's message will never be sent, because of {@code detail}. */
    void drop(Outgoing message, RunContext run, String detail) {
        settle(message, run, "dropped", null, detail);
    }

    private void settle(Outgoing message, RunContext run, String state, Instant until, String detail) {
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into lineup_send_ledger (job_id, channel, provider, producer, recipient, state, detail, hold_until, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (job_id) do update set
                            state = excluded.state, detail = excluded.detail, hold_until = excluded.hold_until,
                            claimed_at = null, updated_at = excluded.updated_at
                        where lineup_send_ledger.state <> 'sent'""")
                .params(run.jobId(), message.channel().word(), message.provider(), run.producer(), message.recipient(), state, detail,
                        until == null ? null : at(until), at(now))
                .update();
    }

    /** Forgets rows last written before {@code cutoff}; returns how many. */
    int prune(Instant cutoff) {
        return jdbc.sql("delete from lineup_send_ledger where updated_at < ?").param(at(cutoff)).update();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
