package dev.lineup.engine.retry;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.Examples;
import dev.lineup.core.catalog.RetryPolicy;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The wait before each retry: anywhere from zero to the type's ceiling for that attempt, both ends included. */
class LineupRetryFilterTest {

    /** A jitter that always draws the same end of the range it is given. */
    private static RandomGenerator drawing(LongUnaryOperator pick) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("the filter draws from a bounded range");
            }

            @Override
            public long nextLong(long bound) {
                return pick.applyAsLong(bound);
            }
        };
    }

    private static final RandomGenerator HIGHEST = drawing(bound -> bound - 1);
    private static final RandomGenerator LOWEST = drawing(bound -> 0);

    /** A job of this record that has failed this many times, labelled as the enqueuer labels it (or not at all). */
    private static Job failedTimes(int failures, LineupJob record, boolean labelled) {
        List<JobState> history = new ArrayList<>();
        history.add(new EnqueuedState());
        for (int i = 0; i < failures; i++)
            history.add(new FailedState("failed", new IllegalStateException("attempt " + (i + 1))));
        var job = new Job(JobIds.random(), 0, new JobDetails(record), history, new ConcurrentHashMap<>());
        if (labelled) job.setLabels(new JobLabels(SendSms.TYPE.name(), Priority.HIGH, "test").asList());
        return job;
    }

    @Test
    void theWaitAfterEachFailedAttemptSpansZeroToTheTypesCeiling() {
        RetryPolicy sms = SendSms.TYPE.retry();
        for (int attempt = 1; attempt <= 10; attempt++) {
            Job job = failedTimes(attempt, Examples.sms(), true);
            assertThat(new LineupRetryFilter(10, HIGHEST).getSecondsToAdd(job))
                    .as("attempt %d, highest draw", attempt)
                    .isEqualTo(sms.ceilingAfter(attempt).toSeconds());
            assertThat(new LineupRetryFilter(10, LOWEST).getSecondsToAdd(job))
                    .as("attempt %d, lowest draw", attempt)
                    .isZero();
        }
        // 10 s, doubling, capped at 30 min
        assertThat(new LineupRetryFilter(10, HIGHEST).getSecondsToAdd(failedTimes(1, Examples.sms(), true)))
                .isEqualTo(10);
        assertThat(new LineupRetryFilter(10, HIGHEST).getSecondsToAdd(failedTimes(3, Examples.sms(), true)))
                .isEqualTo(40);
        assertThat(new LineupRetryFilter(10, HIGHEST).getSecondsToAdd(failedTimes(10, Examples.sms(), true)))
                .isEqualTo(1800);
    }

    @Test
    void aRealRandomSourceStaysWithinTheBounds() {
        var filter = new LineupRetryFilter(10, new Random(42));
        Job job = failedTimes(2, Examples.sms(), true);
        for (int i = 0; i < 1000; i++) {
            assertThat(filter.getSecondsToAdd(job)).isBetween(0L, 20L);
        }
    }

    @Test
    void theTypeIsFoundFromTheRecordWhenTheLabelsAreMissing() {
        Job webhook = failedTimes(1, Examples.webhook("https://example.com/hook"), false);

        assertThat(LineupRetryFilter.policyOf(webhook)).isEqualTo(CallWebhook.TYPE.retry());
    }

    @Test
    void aJobOutsideTheCatalogGetsTheDefaultBackoff() {
        var job = new Job(
                JobIds.random(),
                0,
                new JobDetails("com.example.Other", null, "run", List.of()),
                List.of(new EnqueuedState(), new FailedState("failed", new IllegalStateException())),
                new ConcurrentHashMap<>());

        assertThat(LineupRetryFilter.policyOf(job)).isEqualTo(LineupRetryFilter.UNKNOWN_TYPE);
        assertThat(new LineupRetryFilter(10, HIGHEST).getSecondsToAdd(job)).isEqualTo(10);
    }
}
