package dev.lineup.scheduler;

import dev.lineup.core.catalog.DailyReport;
import dev.lineup.testing.TestDatabase;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = TestDatabase.class)
class SchedulerApplicationTest {

    @Autowired
    StorageProvider storage;

    @Test
    void theDefaultConfigurationSchedulesTheDailyReport() {
        assertThat(storage.getRecurringJobs()).singleElement().satisfies(job -> {
            assertThat(job.getId()).isEqualTo("daily-report");
            assertThat(job.getScheduleExpression()).isEqualTo("0 7 * * *");
            assertThat(job.getZoneId()).isEqualTo("UTC");
            assertThat(job.getJobName()).isEqualTo("report.daily");
            assertThat(job.getLabels()).containsExactly("report.daily", "priority:low", "producer:lineup");
            assertThat(job.getJobDetails().getJobParameterValues()).containsExactly(new DailyReport(null, null));
            assertThat(job.getCreatedBy()).isEqualTo(RecurringJob.CreatedBy.API);
        });
    }
}
