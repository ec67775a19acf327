package dev.lineup.worker.delivery;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.Drop;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.core.run.Snooze;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Every email and SMS goes through here on its way to a provider, past these rules in order:
 * <ol>
 *   <li>the send ledger: a job that sent its message already does not send it again;</li>
 *   <li>SMS quiet hours in the recipient's zone (normal and low priority only): snooze;</li>
 *   <li>the rate limits: snooze until the message's slot;</li>
 *   <li>the SMS recipient cap, checked and claimed in one transaction: hold (snooze) or drop;</li>
 *   <li>the provider's circuit breaker, with a retry within the attempt only for a refused
 *       connection;</li>
 *   <li>the ledger marks the message sent; after a failed call that may have reached the
 *       provider it marks it unanswered (still counted by the cap), and after one that provably
 *       did not it gives up the claim.</li>
 * </ol>
 * A run that finds another run of its job still calling the provider (claimed less than the
 * in-flight window ago) snoozes until the window ends instead of calling a second time. A run
 * that finds an older claim never settled (its run died mid-call) first asks the provider,
 * where a {@link ProviderLookup} is given, whether the message went out, and marks it sent
 * instead of sending again when it did ({@code lineup.send.reconciled}).
 * Each rule is judged again on every run: a job that comes back from a snooze before its time
 * (a worker whose clock runs ahead) simply snoozes again.
 */
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final SendLedger ledger;
    private final RateLimits rateLimits;
    private final ProviderBreakers breakers;
    private final Optional<QuietHours> quietHours;
    private final Optional<RecipientCap> recipientCap;
    private final Clock clock;
    private final MeterRegistry meters;

    Deliveries(
            SendLedger ledger,
            RateLimits rateLimits,
            ProviderBreakers breakers,
            Optional<QuietHours> quietHours,
            Optional<RecipientCap> recipientCap,
            Clock clock,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.rateLimits = rateLimits;
        this.breakers = breakers;
        this.quietHours = quietHours;
        this.recipientCap = recipientCap;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Sends the message once per job.
     *
     * @return the provider's id for the message, or empty when the job had sent it already
     * @throws Snooze              when a rule says later: quiet hours, a rate limit, a held SMS,
     *                             another run of the job still sending
     * @throws Drop                when the recipient cap drops the SMS
     * @throws ProviderUnavailable when the provider's circuit breaker is open
     * @throws PermanentFailure    when the provider refused the message for good
     */
    public Optional<String> deliver(Outgoing message, RunContext run, ProviderCall call) throws Exception {
        return deliver(message, run, call, null);
    }

    /**
     * Sends the message once per job, asking {@code lookup} first when a run of the job died in
     * the middle of its call.
     *
     * @see #deliver(Outgoing, RunContext, ProviderCall)
     */
    public Optional<String> deliver(Outgoing message, RunContext run, ProviderCall call, ProviderLookup lookup)
            throws Exception {
        if (ledger.sent(run)) {
            count(message, "already_sent");
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (message.channel() == Channel.SMS && quietHours.isPresent() && mayWait(run.priority())) {
            Optional<Instant> allowed = quietHours.get().nextAllowed(now, message.recipientZone());
            if (allowed.isPresent()) {
                count(message, "quiet_hours");
                throw new Snooze(allowed.get(), quietHours.get().describe(message.recipientZone()));
            }
        }
        Optional<Instant> slot = rateLimits.reserve(message, run);
        if (slot.isPresent() && slot.get().isAfter(now)) {
            count(message, "rate_limited");
            throw new Snooze(slot.get(), "rate limit for " + message.provider() + " / " + message.sender());
        }
        Optional<RecipientCap> cap = message.channel() == Channel.SMS ? recipientCap : Optional.empty();
        SendLedger.Claim claim = ledger.claim(message, run, cap);
        if (claim instanceof SendLedger.AlreadySent) {
            count(message, "already_sent");
            return Optional.empty();
        }
        if (claim instanceof SendLedger.InFlight inFlight) {
            count(message, "in_flight");
            log.info("Job {} is sending its message in another run; waiting until {}", run.jobId(), inFlight.until());
            throw new Snooze(
                    inFlight.until(),
                    "another run of this job is sending its message; "
                            + "waiting until its claim is older than the in-flight window");
        }
        if (claim instanceof SendLedger.OverCap over) throw overCap(message, run, cap.orElseThrow(), over);
        if (claim instanceof SendLedger.Reclaimed stale && lookup != null) {
            Optional<String> sent = reconcile(message, run, lookup, stale.previousClaim());
            if (sent.isPresent()) {
                markSent(message, run, sent.get());
                count(message, "already_sent");
                return Optional.empty();
            }
        }
        String id;
        try {
            id = breakers.call(message.channel(), message.provider(), call);
        } catch (Exception | Error e) {
            if (provablyNotSent(e)) {
                release(run);
            } else {
                unanswered(run, e);
            }
            count(message, e instanceof ProviderUnavailable ? "breaker_open" : "failed");
            throw e;
        }
        markSent(message, run, id);
        count(message, "sent");
        return Optional.of(id);
    }

    /**
     * Asks the provider whether the dead run's call went through. When the provider cannot say,
     * the message is sent again: at least once stays the promise, and a repeat is the lesser harm
     * than a reminder never sent.
     */
    private Optional<String> reconcile(Outgoing message, RunContext run, ProviderLookup lookup, Instant previousClaim) {
        try {
            Optional<String> sent = lookup.sentSince(previousClaim);
            countReconciled(message, sent.isPresent() ? "found" : "not_found");
            if (sent.isPresent()) {
                log.info(
                        "Job {} found its message sent by a run that died mid-call ({} id {}); not sending it again",
                        run.jobId(),
                        message.provider(),
                        sent.get());
            }
            return sent;
        } catch (Exception e) {
            countReconciled(message, "error");
            log.warn(
                    "Could not ask {} whether the message of job {} went out before its last run died; sending it: {}",
                    message.provider(),
                    run.jobId(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void countReconciled(Outgoing message, String result) {
        Counter.builder("lineup.send.reconciled")
                .description(
                        "Runs that found a send claim left by a run that died mid-call and asked the provider whether it went out")
                .tags("channel", message.channel().word(), "provider", message.provider(), "result", result)
                .register(meters)
                .increment();
    }

    private static boolean mayWait(Priority priority) {
        return priority == Priority.NORMAL || priority == Priority.LOW;
    }

    /** Holds or drops the SMS, recording it in the ledger first: it is never silently lost. */
    private RuntimeException overCap(Outgoing message, RunContext run, RecipientCap cap, SendLedger.OverCap over) {
        String detail = "recipient cap " + cap.describe() + ": " + over.sends() + " sent to this number in the window";
        if (cap.action() == RecipientCap.Action.DROP) {
            ledger.drop(message, run, detail);
            count(message, "dropped");
            log.info("Dropped the SMS of job {} to {}: {}", run.jobId(), message.recipient(), detail);
            return new Drop(detail);
        }
        ledger.hold(message, run, over.roomAt(), detail);
        count(message, "held");
        log.info(
                "Holding the SMS of job {} to {} until {}: {}",
                run.jobId(),
                message.recipient(),
                over.roomAt(),
                detail);
        return new Snooze(over.roomAt(), detail);
    }

    /**
     * Whether the failed call provably never handed the message over: the breaker did not call,
     * the connection was refused, or the provider refused the message for good.
     */
    private static boolean provablyNotSent(Throwable failure) {
        return failure instanceof ProviderUnavailable
                || failure instanceof PermanentFailure
                || ProviderBreakers.refusedConnection(failure);
    }

    /** The provider may have the message: it keeps counting toward the cap; the retry claims again. */
    private void unanswered(RunContext run, Throwable failure) {
        try {
            ledger.unanswered(run, String.valueOf(failure.getMessage()));
        } catch (RuntimeException e) {
            // the row stays at sending: still counted, and claimed again after the in-flight window
            log.warn("Could not record the unanswered call of job {}: {}", run.jobId(), e.getMessage());
        }
    }

    private void release(RunContext run) {
        try {
            ledger.release(run);
        } catch (RuntimeException e) {
            // the claim counts toward the cap until its window passes; the retry claims it again
            log.warn("Could not release the send claim of job {}: {}", run.jobId(), e.getMessage());
        }
    }

    /**
     * The provider has the message: a failure to record that must not fail the job, whose
     * retry would send it again. The row stays at sending; only a run of this job started
     * anyway (its success not saved either) would send a second time.
     */
    private void markSent(Outgoing message, RunContext run, String id) {
        try {
            ledger.markSent(run, id);
        } catch (RuntimeException e) {
            log.warn(
                    "Sent the message of job {} as {} at {}, but could not record it in the send ledger: {}",
                    run.jobId(),
                    id,
                    message.provider(),
                    e.getMessage());
        }
    }

    private void count(Outgoing message, String outcome) {
        Counter.builder("lineup.deliveries")
                .description("Messages that went through the delivery rules, by what became of them")
                .tags("channel", message.channel().word(), "provider", message.provider(), "outcome", outcome)
                .register(meters)
                .increment();
    }
}
