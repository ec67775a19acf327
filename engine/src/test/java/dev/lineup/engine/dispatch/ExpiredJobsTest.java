package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lineup.jobs.expired}: one counter per type, there from the start. */
class ExpiredJobsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExpiredJobs expired = new ExpiredJobs(registry);

    private double count(String type) {
        return registry.get("lineup.jobs.expired").tag("type", type).counter().count();
    }

    private static Job sms() {
        var job = new Job(JobIds.random(), new JobDetails(Examples.sms()), new EnqueuedState());
        job.setLabels(new JobLabels(SendSms.TYPE.name(), Priority.HIGH, "test").asList());
        return job;
    }

    @Test
    void everyTypeIsCountedFromZero() {
        assertThat(JobCatalog.TYPES).map(JobType::name).allSatisfy(type -> assertThat(count(type))
                .isZero());
    }

    @Test
    void eachExpiredJobCountsForItsType() {
        expired.accept(sms());
        expired.accept(sms());
        expired.accept(new Job(JobIds.random(), new JobDetails(Examples.sms()), new EnqueuedState()));

        assertThat(count(SendSms.TYPE.name())).isEqualTo(2);
        assertThat(count("unknown")).as("a job without Lineup's labels").isOne();
    }
}
