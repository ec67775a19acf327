package dev.lineup.core.catalog;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code report.daily}: a summary of one day's finished jobs by type and outcome, emailed to
 * operators.
 *
 * @param date       the day to summarise; yesterday (in the report's time zone) when absent
 * @param recipients who gets it; the configured operators when absent
 */
public record DailyReport(LocalDate date, @Size(max = 20) List<@NotBlank @Email String> recipients)
        implements LineupJob {

    public static final JobType<DailyReport> TYPE = new JobType<>(
            "report.daily",
            DailyReport.class,
            Priority.LOW,
            new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofHours(1)),
            Duration.ofMinutes(10),
            "Emails operators a summary of one day's finished jobs by type and outcome.",
            true);
}
