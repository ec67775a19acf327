package dev.lineup.worker.delivery;

import dev.lineup.core.run.RunContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The table {@code lineup_send_ledger}: one row per job that sends a message, saying whether it
 * went out. A job's row moves held → sending → sent, or ends dropped. A failed call that may
 * have reached the provider (a timeout, a 5xx) leaves it unanswered: it still counts toward the
 * recipient cap, and the job's retry claims it again. A failed call that provably did not
 * (a refused connection, an open breaker, a refusal for good) deletes the claim.
 *
 * <p>The row is written before the provider is called and marked sent after, so a job run
 * again after its provider accepted the message finds it sent and never calls again. A run
 * that finds another run's claim younger than the in-flight window waits: that run may still be
 * inside the provider's call (JobRunr starts a job again when it believes its worker gone). A
 * claim older than the window was left by a run that died mid-call ({@link Reclaimed}): the new
 * run asks the provider, where it can, before it sends again ({@link Deliveries}).
 */
class SendLedger {

    /** What {@link #claim} decided. */
    sealed interface Claim {}

    /** The job may call its provider now. */
    record Claimed() implements Claim {}

    /** The job sent its message already. */
    record AlreadySent() implements Claim {}

    /**
     * Another run of the job claimed the send less than the in-flight window ago and may still be
     * calling the provider; its claim counts as a crash leftover from {@code until} on.
     */
    record InFlight(Instant until) implements Claim {}

    /**
     * The job may call its provider now, but a run before it claimed the send at {@code
     * previousClaim}, longer than the in-flight window ago, and never said how its call ended:
     * it died in the middle of it. The provider may have the message.
     */
    record Reclaimed(Instant previousClaim) implements Claim {}

    /**
     * The recipient has had {@code sends} messages in the cap's window; the next may go at
     * {@code roomAt}, when the oldest of them leaves it.
     */
    record OverCap(long sends, Instant roomAt) implements Claim {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration inFlightWindow;

    /**
     * @param inFlightWindow how long another run's claim is taken to be still calling the
     *                       provider; longer than any job's timeout
     */
    SendLedger(DataSource dataSource, Clock clock, Duration inFlightWindow) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.inFlightWindow = inFlightWindow;
    }

    /** Whether the job's message went out already. */
    boolean sent(RunContext run) {
        return jdbc.sql("select 1 from lineup_send_ledger where job_id = ? and state = 'sent'")
                .param(run.jobId())
                .query()
                .optionalValue()
                .isPresent();
    }

    /**
     * Claims the send for this job: its row becomes {@code sending}, claimed now. A row already
     * sent, or sending and claimed less than the in-flight window ago, is left alone (locked for
     * the check, so two runs cannot both claim). With a cap, then counts the recipient's sends in
     * the window, holding a transaction-scoped advisory lock on the recipient so that two
     * workers cannot both see room for the last message.
     */
    Claim claim(Outgoing message, RunContext run, Optional<RecipientCap> cap) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            Instant inFlightSince = now.minus(inFlightWindow);
            Optional<Claim> taken = taken(run, inFlightSince);
            if (taken.isPresent() && !(taken.get() instanceof Reclaimed)) return taken.get();
            if (cap.isPresent()) {
                jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                        .param("lineup-recipient-cap:" + message.channel().word() + ":" + message.recipient())
                        .query()
                        .singleValue();
                List<Instant> recent = jdbc.sql("""
                                select claimed_at from lineup_send_ledger
                                where channel = ? and recipient = ? and state in ('sending', 'sent', 'unanswered')
                                  and claimed_at > ? and job_id <> ?
                                order by claimed_at""")
                        .params(
                                message.channel().word(),
                                message.recipient(),
                                at(now.minus(cap.get().window())),
                                run.jobId())
                        .query((rs, row) -> rs.getTimestamp(1).toInstant())
                        .list();
                int over = recent.size() - cap.get().max();
                if (over >= 0)
                    return new OverCap(
                            recent.size(), recent.get(over).plus(cap.get().window()));
            }
            int claimed = jdbc.sql("""
                            insert into lineup_send_ledger (job_id, channel, provider, producer, recipient, state, claimed_at, updated_at)
                            values (?, ?, ?, ?, ?, 'sending', ?, ?)
                            on conflict (job_id) do update set
                                channel = excluded.channel, provider = excluded.provider, recipient = excluded.recipient,
                                state = 'sending', detail = null, hold_until = null,
                                claimed_at = excluded.claimed_at, updated_at = excluded.updated_at
                            where lineup_send_ledger.state <> 'sent'
                              and not (lineup_send_ledger.state = 'sending' and lineup_send_ledger.claimed_at > ?)""")
                    .params(
                            run.jobId(),
                            message.channel().word(),
                            message.provider(),
                            run.producer(),
                            message.recipient(),
                            at(now),
                            at(now),
                            at(inFlightSince))
                    .update();
            // not claimed: another run's insert won the race since the check above
            return claimed == 1
                    ? taken.orElse(new Claimed())
                    : taken(run, inFlightSince).orElseThrow();
        });
    }

    /**
     * AlreadySent, InFlight or (a stale sending claim) Reclaimed when the job's row says so; locks
     * the row for the transaction.
     */
    private Optional<Claim> taken(RunContext run, Instant inFlightSince) {
        return jdbc.sql("select state, claimed_at from lineup_send_ledger where job_id = ? for update")
                .param(run.jobId())
                .query((rs, row) -> {
                    String state = rs.getString(1);
                    Instant claimedAt = rs.getTimestamp(2) == null
                            ? null
                            : rs.getTimestamp(2).toInstant();
                    if (state.equals("sent")) return Optional.<Claim>of(new AlreadySent());
                    if (state.equals("sending") && claimedAt != null) {
                        return Optional.<Claim>of(
                                claimedAt.isAfter(inFlightSince)
                                        ? new InFlight(claimedAt.plus(inFlightWindow))
                                        : new Reclaimed(claimedAt));
                    }
                    return Optional.<Claim>empty();
                })
                .optional()
                .flatMap(claim -> claim);
    }

    /** Records that the provider accepted the job's message under {@code providerMessageId}. */
    void markSent(RunContext run, String providerMessageId) {
        Instant now = clock.instant();
        jdbc.sql(
                        "update lineup_send_ledger set state = 'sent', provider_message_id = ?, sent_at = ?, updated_at = ? where job_id = ?")
                .params(providerMessageId, at(now), at(now), run.jobId())
                .update();
    }

    /**
     * Records a failed call that may have reached the provider (a timeout, a 5xx): the message
     * may be on its way, so it keeps counting toward the recipient's cap; the job's retry
     * claims it again at once.
     */
    void unanswered(RunContext run, String detail) {
        jdbc.sql(
                        "update lineup_send_ledger set state = 'unanswered', detail = ?, updated_at = ? where job_id = ? and state = 'sending'")
                .params(detail, at(clock.instant()), run.jobId())
                .update();
    }

    /**
     * Gives up the job's claim after a failed call that provably did not send: it no longer
     * counts toward the recipient's cap, and the job's retry claims again.
     */
    void release(RunContext run) {
        jdbc.sql("delete from lineup_send_ledger where job_id = ? and state = 'sending'")
                .param(run.jobId())
                .update();
    }

    /** Records that the job waits until {@code until} because of {@code detail}. */
    void hold(Outgoing message, RunContext run, Instant until, String detail) {
        settle(message, run, "held", until, detail);
    }

    /** Records that the job's message will never be sent, because of {@code detail}. */
    void drop(Outgoing message, RunContext run, String detail) {
        settle(message, run, "dropped", null, detail);
    }

    /** Leaves a sent row alone, and a sending one that another run may still be calling with. */
    private void settle(Outgoing message, RunContext run, String state, Instant until, String detail) {
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into lineup_send_ledger (job_id, channel, provider, producer, recipient, state, detail, hold_until, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (job_id) do update set
                            state = excluded.state, detail = excluded.detail, hold_until = excluded.hold_until,
                            claimed_at = null, updated_at = excluded.updated_at
                        where lineup_send_ledger.state <> 'sent'
                          and not (lineup_send_ledger.state = 'sending' and lineup_send_ledger.claimed_at > ?)""")
                .params(
                        run.jobId(),
                        message.channel().word(),
                        message.provider(),
                        run.producer(),
                        message.recipient(),
                        state,
                        detail,
                        until == null ? null : at(until),
                        at(now),
                        at(now.minus(inFlightWindow)))
                .update();
    }

    /** Forgets rows last written before {@code cutoff}; returns how many. */
    int prune(Instant cutoff) {
        return jdbc.sql("delete from lineup_send_ledger where updated_at < ?")
                .param(at(cutoff))
                .update();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
