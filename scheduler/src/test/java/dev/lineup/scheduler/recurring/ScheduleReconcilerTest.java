package dev.lineup.scheduler.recurring;

import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.scheduler.SchedulerApplication;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the scheduler several times against one database, each time with other schedules, as a
 * deploy with changed configuration would.
 */
@Tag("slow") // starts a whole scheduler per case
@ExtendWith(OutputCaptureExtension.class)
class ScheduleReconcilerTest {

    private static final String[] DAILY_REPORT = {
        "schedules[0].id=daily-report", "schedules[0].cron=0 7 * * *", "schedules[0].type=report.daily"
    };

    /** One database per test; each test starts the scheduler on it several times. */
    private final String database = TestPostgres.newDatabase();

    /** Starts the scheduler the way it starts in production, with {@code config} above every other property source. */
    private ConfigurableApplicationContext start(PropertySource<?> config) {
        return new SpringApplicationBuilder(SchedulerApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> {
                    MutablePropertySources sources = context.getEnvironment().getPropertySources();
                    sources.addFirst(new MapPropertySource("testDatabase", TestDatabase.properties(database)));
                    if (config != null) sources.addFirst(config);
                })
                .run();
    }

    /** {@code lineup.scheduler.*} properties from {@code key=value} lines; a later line wins. */
    private static MapPropertySource config(String... lines) {
        Map<String, Object> properties = Arrays.stream(lines)
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(kv -> "lineup.scheduler." + kv[0], kv -> kv[1], (earlier, later) -> later));
        return new MapPropertySource("testSchedules", properties);
    }

    private static String[] with(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static Map<String, RecurringJob> recurringJobs(ConfigurableApplicationContext context) {
        return context.getBean(StorageProvider.class).getRecurringJobs().stream()
                .collect(Collectors.toMap(RecurringJob::getId, job -> job));
    }

    private static String lastLine(CapturedOutput output) {
        List<String> lines = output.getOut()
                .lines()
                .filter(l -> l.contains("Schedules reconciled"))
                .toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void aSecondRunWithTheSameConfigurationChangesNothing(CapturedOutput output) {
        try (var first = start(null)) {
            assertThat(lastLine(output))
                    .endsWith("Schedules reconciled: added [daily-report], updated [], removed [], unchanged []");
            assertThat(recurringJobs(first)).containsOnlyKeys("daily-report");
        }
        try (var second = start(null)) {
            assertThat(lastLine(output))
                    .endsWith("Schedules reconciled: added [], updated [], removed [], unchanged [daily-report]");

            var again = second.getBean(ScheduleReconciler.class).reconcile();

            assertThat(again).isEqualTo(new Reconciliation(List.of(), List.of(), List.of(), List.of("daily-report")));
        }
    }

    @Test
    void aChangedCronUpdatesTheRecurringJob(CapturedOutput output) {
        try (var before = start(null)) {
            assertThat(recurringJobs(before).get("daily-report").getScheduleExpression())
                    .isEqualTo("0 7 * * *");
        }
        try (var after = start(config(
                "schedules[0].id=daily-report",
                "schedules[0].cron=30 6 * * *",
                "schedules[0].zone=Europe/Amsterdam",
                "schedules[0].type=report.daily"))) {
            assertThat(lastLine(output)).endsWith("added [], updated [daily-report], removed [], unchanged []");
            RecurringJob job = recurringJobs(after).get("daily-report");
            assertThat(job.getScheduleExpression()).isEqualTo("30 6 * * *");
            assertThat(job.getZoneId()).isEqualTo("Europe/Amsterdam");
        }
    }

    @Test
    void aChangedPayloadOrPriorityUpdatesTheRecurringJob(CapturedOutput output) {
        try (var before = start(null)) {
            assertThat(recurringJobs(before)).containsOnlyKeys("daily-report");
        }
        try (var after = start(config(with(
                DAILY_REPORT, "schedules[0].priority=high", "schedules[0].payload.recipients[0]=ops@example.com")))) {
            assertThat(lastLine(output)).endsWith("updated [daily-report], removed [], unchanged []");
            RecurringJob job = recurringJobs(after).get("daily-report");
            assertThat(job.getLabels()).containsExactly("report.daily", "priority:high", "producer:lineup");
            assertThat(job.getJobDetails().getJobParameterValues())
                    .containsExactly(new DailyReport(null, List.of("ops@example.com")));
        }
    }

    @Test
    void anAddedScheduleAppears(CapturedOutput output) {
        try (var before = start(null)) {
            assertThat(recurringJobs(before)).containsOnlyKeys("daily-report");
        }
        try (var after = start(config(with(
                DAILY_REPORT,
                "schedules[1].id=sms.ping",
                "schedules[1].cron=*/15 * * * *",
                "schedules[1].type=sms.send",
                "schedules[1].payload.to=+14155550123",
                "schedules[1].payload.text=ping",
                "schedules[1].producer=ops")))) {
            assertThat(lastLine(output)).endsWith("added [sms.ping], updated [], removed [], unchanged [daily-report]");
            RecurringJob ping = recurringJobs(after).get("sms.ping");
            assertThat(ping.getJobName()).isEqualTo("sms.send");
            assertThat(ping.getLabels()).containsExactly("sms.send", "priority:normal", "producer:ops");
            assertThat(ping.getJobDetails().getJobParameterValues())
                    .containsExactly(new SendSms("+14155550123", "ping"));
        }
    }

    @Test
    void aRemovedScheduleIsDeletedWithItsPendingRun(CapturedOutput output) {
        UUID pendingRun;
        try (var before = start(config(with(
                DAILY_REPORT,
                "schedules[1].id=sms.ping",
                "schedules[1].cron=*/15 * * * *",
                "schedules[1].type=sms.send",
                "schedules[1].payload.to=+14155550123",
                "schedules[1].payload.text=ping")))) {
            // what a worker's JobRunr server does with a recurring job: schedule its next run ahead of time
            Job next = recurringJobs(before).get("sms.ping").toScheduledJob();
            pendingRun = before.getBean(StorageProvider.class).save(next).getId();
        }
        try (var after = start(config(DAILY_REPORT))) {
            assertThat(lastLine(output)).endsWith("added [], updated [], removed [sms.ping], unchanged [daily-report]");
            assertThat(recurringJobs(after)).containsOnlyKeys("daily-report");
            assertThat(after.getBean(StorageProvider.class)
                            .getJobById(pendingRun)
                            .getState())
                    .isEqualTo(StateName.DELETED);
        }
    }

    @Test
    void aListInTheEnvironmentReplacesTheDefaultList() {
        var environment = new SystemEnvironmentPropertySource(
                "test-systemEnvironment",
                Map.of(
                        "LINEUP_SCHEDULER_SCHEDULES_0_ID", "weekday-report",
                        "LINEUP_SCHEDULER_SCHEDULES_0_CRON", "0 6 * * 1-5",
                        "LINEUP_SCHEDULER_SCHEDULES_0_ZONE", "Europe/Amsterdam",
                        "LINEUP_SCHEDULER_SCHEDULES_0_TYPE", "report.daily",
                        "LINEUP_SCHEDULER_SCHEDULES_0_PAYLOAD_RECIPIENTS_0", "ops@example.com",
                        "LINEUP_SCHEDULER_SCHEDULES_0_PAYLOAD_RECIPIENTS_1", "owner@example.com"));

        try (var context = start(environment)) {
            var jobs = recurringJobs(context);

            assertThat(jobs).containsOnlyKeys("weekday-report");
            RecurringJob report = jobs.get("weekday-report");
            assertThat(report.getZoneId()).isEqualTo("Europe/Amsterdam");
            assertThat(report.getLabels()).containsExactly("report.daily", "priority:low", "producer:lineup");
            assertThat(report.getJobDetails().getJobParameterValues())
                    .containsExactly(new DailyReport(null, List.of("ops@example.com", "owner@example.com")));
        }
    }

    @Test
    void whenDisabledRecurringJobsAreLeftAsTheyAre() {
        try (var before = start(null)) {
            assertThat(recurringJobs(before)).containsOnlyKeys("daily-report");
        }
        try (var disabled = start(config("enabled=false", "schedules[0].id=Not valid", "schedules[0].type=nope"))) {
            assertThat(disabled.getBeanProvider(ScheduleReconciler.class).getIfAvailable())
                    .isNull();
            assertThat(recurringJobs(disabled)).containsOnlyKeys("daily-report");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            schedules[0].cron=every morning                 | schedules[broken].cron: 'every morning' is not
            schedules[0].type=report.weekly                 | schedules[broken].type: unknown job type 'report.weekly'
            schedules[0].payload.recipients[0]=not-an-email | schedules[broken].payload.recipients[0]:
            """)
    void anInvalidScheduleStopsStartupAndIsNamed(String override, String expected) {
        String[] valid = {"schedules[0].id=broken", "schedules[0].cron=0 7 * * *", "schedules[0].type=report.daily"};
        var config = config(with(valid, override));

        assertThatThrownBy(() -> start(config).close())
                .rootCause()
                .isInstanceOf(InvalidSchedulesException.class)
                .hasMessageContaining(expected.trim());
    }
}
