package dev.lineup.worker.report;

import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.delivery.Channel;
import dev.lineup.worker.delivery.Deliveries;
import dev.lineup.worker.delivery.Outgoing;
import dev.lineup.worker.email.EmailGateway;
import dev.lineup.worker.email.EmailMessage;
import dev.lineup.worker.email.FromAddresses;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Runs {@code report.daily}: counts one day's finished jobs by type and outcome and emails the
 * table to the operators, all in one email. The day is the job's date, or yesterday in
 * {@code lineup.worker.report.zone}; it runs from midnight to midnight in that zone. The email
 * goes out from the worker's own address through {@link Deliveries}, the rules every email
 * passes: the send ledger (a re-run does not send it twice), the rate limits and the provider's
 * circuit breaker.
 */
@Component
class DailyReportHandler implements JobHandler<DailyReport> {

    private final FinishedJobCounts finishedJobCounts;
    private final EmailGateway email;
    private final Deliveries deliveries;
    private final FromAddresses from;
    private final String provider;
    private final WorkerProperties.Report settings;
    private final Clock clock;

    DailyReportHandler(
            FinishedJobCounts finishedJobCounts,
            EmailGateway email,
            Deliveries deliveries,
            FromAddresses from,
            WorkerProperties properties,
            Clock clock) {
        this.finishedJobCounts = finishedJobCounts;
        this.email = email;
        this.deliveries = deliveries;
        this.from = from;
        this.provider = properties.email().provider();
        this.settings = properties.report();
        this.clock = clock;
    }

    @Override
    public Class<DailyReport> jobClass() {
        return DailyReport.class;
    }

    @Override
    public void handle(DailyReport job, RunContext run) throws Exception {
        ZoneId zone = settings.zone();
        LocalDate day = job.date() != null
                ? job.date()
                : LocalDate.now(clock.withZone(zone)).minusDays(1);
        List<String> recipients =
                job.recipients() == null || job.recipients().isEmpty() ? settings.recipients() : job.recipients();

        var counts = finishedJobCounts.between(
                day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant());

        String text = "Jobs that finished on " + day + " (" + zone.getId() + "), by type:\n\n"
                + ReportTable.render(counts)
                + "\nFailed jobs are dead letters: their retries are used up, or the failure was permanent.\n"
                + "Cancelled jobs were deleted by a producer or an operator.\n";
        var message = new EmailMessage(from.worker(), recipients, "Lineup daily report for " + day, text, null);
        // one email to all recipients: the ledger keeps it as one message to the list
        var outgoing = new Outgoing(
                Channel.EMAIL, provider, message.from().getAddress(), String.join(", ", recipients), ZoneOffset.UTC);
        deliveries.deliver(outgoing, run, () -> email.send(message, run));
    }
}
