package dev.lineup.engine.dispatch;

import dev.lineup.core.job.PerProducer;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * How many jobs of one producer may run at once across the whole cluster, for the producers that
 * have a limit ({@code LINEUP_PRODUCER_MAX_RUNNING=salon=5;marketplace=50}); others have none.
 * Workers read it when they fetch; every worker must have the same setting.
 *
 * @param maxRunning the limits as {@code producer=N} pairs separated by {@code ;}
 */
@ConfigurationProperties("lineup.dispatch.producers")
public record ProducerLimits(String maxRunning) {

    static final String VARIABLE = "LINEUP_PRODUCER_MAX_RUNNING";

    public ProducerLimits {
        maxRunning = maxRunning == null ? "" : maxRunning;
        limits(maxRunning); // refuse a bad setting at startup
    }

    /** No producer limited. */
    public static ProducerLimits none() {
        return new ProducerLimits("");
    }

    /** Producer → the most of its jobs that may run at once. */
    public Map<String, Integer> byProducer() {
        return limits(maxRunning);
    }

    private static Map<String, Integer> limits(String text) {
        return PerProducer.parse(VARIABLE, text, value -> {
            try {
                int limit = Integer.parseInt(value);
                if (limit >= 1) return limit;
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new IllegalArgumentException("a limit is a whole number of jobs, at least 1");
        });
    }
}
