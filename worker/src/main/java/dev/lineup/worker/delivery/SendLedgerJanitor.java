package dev.lineup.worker.delivery;

import dev.lineup.engine.lifecycle.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the send ledger from growing forever: once an hour on every worker (the delete is
 * idempotent, so workers need not agree on who runs it), forgets rows last written longer ago
 * than {@code LINEUP_SEND_LEDGER_RETENTION}. A job run again after its row is gone would send
 * again, so the retention must outlast every job's retries; the default 30 days does.
 */
class SendLedgerJanitor extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(SendLedgerJanitor.class);
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);

    private final SendLedger ledger;
    private final Clock clock;
    private final Duration retention;

    SendLedgerJanitor(SendLedger ledger, Clock clock, Duration retention) {
        super("lineup-send-ledger-janitor", FIRST_RUN, INTERVAL, "Pruning the send ledger");
        this.ledger = ledger;
        this.clock = clock;
        this.retention = retention;
    }

    /** Forgets rows older than the retention; returns how many. */
    int prune() {
        return ledger.prune(clock.instant().minus(retention));
    }

    @Override
    protected void tick() {
        log.debug("Forgot {} send ledger rows older than {}", prune(), retention);
    }
}
