package dev.lineup.core.catalog;

import dev.lineup.core.run.LineupJob;

import java.util.List;
import java.util.Optional;

/** Every job type Lineup runs, in the order the catalog endpoint lists them. */
public final class JobCatalog {

    public static final List<JobType<?>> TYPES =
            List.of(SendEmail.TYPE, SendSms.TYPE, CallWebhook.TYPE, DailyReport.TYPE);

    private JobCatalog() {}

    public static Optional<JobType<?>> byName(String name) {
        return TYPES.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public static JobType<?> of(LineupJob job) {
        return ofRecord(job.getClass());
    }

    public static JobType<?> ofRecord(Class<?> recordClass) {
        return TYPES.stream()
                .filter(t -> t.recordClass().equals(recordClass))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(recordClass.getName() + " is not in the job catalog"));
    }

    public static Optional<JobType<?>> byRecordClassName(String className) {
        return TYPES.stream()
                .filter(t -> t.recordClass().getName().equals(className))
                .findFirst();
    }
}
