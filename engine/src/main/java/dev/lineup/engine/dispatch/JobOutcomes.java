package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.job.JobLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.Job;

/**
 * Counts the runs that ended neither in success nor in failure: snoozed ({@code
 * lineup.jobs.snoozed}), dropped ({@code lineup.jobs.dropped}) and handed back by a stopping
 * worker ({@code lineup.jobs.handed.back}), per type.
 */
public class JobOutcomes {

    /** Counts nothing: for servers without a meter registry. */
    static final JobOutcomes NONE = new JobOutcomes(null);

    private final MeterRegistry registry;

    public JobOutcomes(MeterRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            // every type shows up at zero, so a dashboard can tell "none" from "not measured"
            for (String type : JobCatalog.TYPES.stream().map(JobType::name).toList()) {
                snoozes(type);
                drops(type);
                handBacks(type);
            }
        }
    }

    void snoozed(Job job) {
        if (registry != null) snoozes(typeOf(job)).increment();
    }

    void dropped(Job job) {
        if (registry != null) drops(typeOf(job)).increment();
    }

    void handedBack(Job job) {
        if (registry != null) handBacks(typeOf(job)).increment();
    }

    private Counter handBacks(String type) {
        return Counter.builder("lineup.jobs.handed.back")
                .description("Jobs a stopping worker sent back to the ready set unfinished, without using an attempt")
                .tag("type", type)
                .register(registry);
    }

    private Counter snoozes(String type) {
        return Counter.builder("lineup.jobs.snoozed")
                .description(
                        "Runs that sent their job back to wait without using an attempt: quiet hours, rate limits, caps")
                .tag("type", type)
                .register(registry);
    }

    private Counter drops(String type) {
        return Counter.builder("lineup.jobs.dropped")
                .description(
                        "Jobs their handler ended on purpose without doing their work, e.g. over a recipient's cap")
                .tag("type", type)
                .register(registry);
    }

    private static String typeOf(Job job) {
        String type = JobLabels.parse(job.getLabels()).type();
        return type == null ? "unknown" : type;
    }
}
