package dev.lineup.worker.report;

import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.email.EmailGateway;
import dev.lineup.worker.email.EmailMessage;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Runs {@code report.daily}: counts one day's finished jobs by type and outcome and emails the
 * table to the operators, all in one email. The day is the job's date, or yesterday in
 * {@code lineup.worker.report.zone}; it runs from midnight to midnight in that zone.
 */
@Component
class DailyReportHandler implements JobHandler<DailyReport> {

    private final FinishedJobCounts finishedJobCounts;
    private final EmailGateway email;
    private final WorkerProperties.Report settings;
    private final Clock clock;

    DailyReportHandler(FinishedJobCounts finishedJobCounts, EmailGateway email, WorkerProperties properties, Clock clock) {
        this.finishedJobCounts = finishedJobCounts;
        this.email = email;
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
        LocalDate day = job.date() != null ? job.date() : LocalDate.now(clock.withZone(zone)).minusDays(1);
        List<String> recipients = job.recipients() == null || job.recipients().isEmpty() ? settings.recipients() : job.recipients();

        var counts = finishedJobCounts.between(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());

        String text = "Jobs that finished on " + day + " (" + zone.getId() + "), by type:\n\n"
                + ReportTable.render(counts)
                + "\nFailed jobs are dead letters: their retries are used up, or the failure was permanent.\n"
                + "Cancelled jobs were deleted by a producer or an operator.\n";
        email.send(new EmailMessage(recipients, "Lineup daily report for " + day, text), run);
    }
}
