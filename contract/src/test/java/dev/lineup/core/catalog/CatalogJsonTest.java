package dev.lineup.core.catalog;

import dev.lineup.core.run.LineupJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored jobs are a wire contract: every record survives JobRunr's own JSON round trip. */
class CatalogJsonTest {

    private final JobMapper jobMapper = new JobMapper(new Jackson3JsonMapper());

    static Stream<LineupJob> examples() {
        return Stream.of(
                Examples.templatedEmail(),
                Examples.plainEmail(),
                Examples.htmlEmail(),
                Examples.sms(),
                Examples.webhook("https://app.example.com/hooks/cleanup"),
                new CallWebhook("https://app.example.com/hooks/ping", "GET", null, null),
                Examples.report(),
                new DailyReport(null, null));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void recordSurvivesJobRunrsJsonRoundTrip(LineupJob record) {
        Job job = new Job(new JobDetails(record));

        String json = jobMapper.serializeJob(job);
        Job read = jobMapper.deserializeJob(json);

        assertThat(read.getJobDetails().getJobParameterValues()).containsExactly(record);
        assertThat(read.getJobDetails().getClassName()).isEqualTo("dev.lineup.core.run.JobRunner");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyRecordIsInTheCatalog(LineupJob record) {
        assertThat(JobCatalog.of(record).recordClass()).isEqualTo(record.getClass());
    }

    @org.junit.jupiter.api.Test
    void webhookBodyIsStoredAsJsonNotAsAString() {
        String json = jobMapper.serializeJob(new Job(new JobDetails(Examples.webhook("https://app.example.com/h"))));

        assertThat(json).contains("\"body\":{\"task\":\"purge-expired-holds\",\"olderThanMinutes\":30}");
    }
}
