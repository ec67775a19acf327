package dev.lineup.worker.report;

import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.WorkerTest;
import dev.lineup.worker.delivery.Deliveries;
import dev.lineup.worker.email.EmailGateway;
import dev.lineup.worker.email.FromAddresses;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.DeletedState;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.SucceededState;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily report over jobs stored with real JobRunr histories. The day is in 2030: JobRunr's
 * cleanup, running in this context, only touches jobs that finished days before now.
 */
@WorkerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyReportTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final UUID SERVER = UUID.randomUUID();

    @Autowired
    StorageProvider storage;

    @Autowired
    FinishedJobCounts finishedJobCounts;

    @Autowired
    EmailGateway email;

    @Autowired
    Deliveries deliveries;

    @Autowired
    FromAddresses from;

    @Autowired
    WorkerProperties properties;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    void storeFinishedJobs() {
        // 2030-03-10 in Paris (UTC+1) runs from 2030-03-09T23:00Z to 2030-03-10T23:00Z
        save("email.send", succeeded("2030-03-09T23:30:00Z"));
        save("email.send", succeeded("2030-03-10T12:00:00Z"));
        save("email.send", failed("2030-03-10T08:00:00Z"));
        save("sms.send", cancelled("2030-03-10T09:00:00Z"));
        save("sms.send", succeeded("2030-03-10T22:30:00Z"));
        save("sms.send", succeeded("2030-03-10T23:30:00Z"));
        save("webhook.call", succeeded("2030-03-09T22:30:00Z"));
        // JobRunr deleted these once they had succeeded: they count on the day they succeeded
        save("webhook.call", cleanedUp(succeeded("2030-03-10T10:00:00Z"), "2030-03-11T22:00:00Z"));
        save("webhook.call", cleanedUp(succeeded("2030-03-08T10:00:00Z"), "2030-03-10T10:00:00Z"));
    }

    @Test
    void yesterdayInTheReportsZoneIsCountedByTypeAndOutcome() throws Exception {
        Clock sixInTheMorningAfter = Clock.fixed(Instant.parse("2030-03-11T05:00:00Z"), ZoneOffset.UTC);
        var handler = new DailyReportHandler(
                finishedJobCounts,
                email,
                deliveries,
                from,
                withReport(PARIS, List.of("ops@example.com", "owner@example.com")),
                sixInTheMorningAfter);
        var run = run();

        handler.handle(new DailyReport(null, null), run);

        Map<String, Object> sent = sentEmail(run);
        assertThat(sent)
                .containsEntry("recipient", "ops@example.com, owner@example.com")
                .containsEntry("subject", "Lineup daily report for 2030-03-10");
        assertThat(tableLines(sent))
                .contains(
                        "type | succeeded | failed | cancelled | total",
                        "email.send | 2 | 1 | 0 | 3",
                        "sms.send | 1 | 0 | 1 | 2",
                        "webhook.call | 1 | 0 | 0 | 1",
                        "report.daily | 0 | 0 | 0 | 0",
                        "all | 4 | 1 | 1 | 6");
        assertThat((String) sent.get("body")).contains("Jobs that finished on 2030-03-10 (Europe/Paris)");
        assertThat(jdbc.sql(
                                "select channel || ' ' || state || ' ' || recipient from lineup_send_ledger where job_id = ?")
                        .param(run.jobId())
                        .query(String.class)
                        .optional())
                .as("the report went through the delivery rules, which keep every email in the send ledger")
                .contains("email sent ops@example.com, owner@example.com");
    }

    @Test
    void theJobsDateAndRecipientsWinOverTheDefaults() throws Exception {
        var handler = new DailyReportHandler(finishedJobCounts, email, deliveries, from, properties, Clock.systemUTC());
        var run = run();

        handler.handle(new DailyReport(LocalDate.of(2030, 3, 10), List.of("owner@example.com")), run);

        Map<String, Object> sent = sentEmail(run);
        assertThat(sent).containsEntry("recipient", "owner@example.com");
        // the configured zone, UTC, draws the day's edges elsewhere than Paris does
        assertThat(tableLines(sent))
                .contains(
                        "email.send | 1 | 1 | 0 | 2",
                        "sms.send | 2 | 0 | 1 | 3",
                        "webhook.call | 1 | 0 | 0 | 1",
                        "all | 4 | 1 | 1 | 6");
    }

    private WorkerProperties withReport(ZoneId zone, List<String> recipients) {
        return new WorkerProperties(
                properties.email(),
                properties.sms(),
                properties.webhook(),
                new WorkerProperties.Report(zone, recipients));
    }

    private static RunContext run() {
        return new RunContext(JobIds.random(), "scheduler", Priority.LOW, 1);
    }

    private Map<String, Object> sentEmail(RunContext run) {
        return jdbc.sql(
                        "select recipient, subject, body from lineup_sandbox_messages where job_id = ? and channel = 'email'")
                .param(run.jobId())
                .query()
                .singleRow();
    }

    /** The table's lines with the padding squeezed out, e.g. {@code email.send | 2 | 1 | 0 | 3}. */
    private static List<String> tableLines(Map<String, Object> sent) {
        return ((String) sent.get("body"))
                .lines()
                .map(line -> line.strip().replaceAll("\\s+", " "))
                .toList();
    }

    private void save(String type, List<JobState> history) {
        var job = new Job(JobIds.random(), 0, new JobDetails(Examples.sms()), history, new ConcurrentHashMap<>());
        job.setJobName(type);
        storage.save(job);
    }

    private static List<JobState> succeeded(String at) {
        Instant finished = Instant.parse(at);
        return new ArrayList<>(List.of(
                new EnqueuedState(finished.minusSeconds(60)),
                new ProcessingState(SERVER, "test", finished.minusSeconds(1)),
                new SucceededState(Duration.ofSeconds(59), Duration.ofSeconds(1), finished)));
    }

    private static List<JobState> failed(String at) {
        Instant finished = Instant.parse(at);
        return List.of(
                new EnqueuedState(finished.minusSeconds(60)),
                new ProcessingState(SERVER, "test", finished.minusSeconds(1)),
                new FailedState(
                        "An exception occurred during the performance of the job",
                        "java.io.IOException",
                        "webhook answered 503 Service Unavailable",
                        null,
                        null,
                        "",
                        false,
                        finished));
    }

    private static List<JobState> cancelled(String at) {
        Instant deleted = Instant.parse(at);
        return List.of(
                new EnqueuedState(deleted.minusSeconds(3600)), new DeletedState("cancelled by the producer", deleted));
    }

    private static List<JobState> cleanedUp(List<JobState> succeeded, String at) {
        succeeded.add(new DeletedState("JobRunr maintenance - deleting succeeded job", Instant.parse(at)));
        return succeeded;
    }
}
