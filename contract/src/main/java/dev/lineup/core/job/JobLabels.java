package dev.lineup.core.job;

import java.util.List;

/**
 * What Lineup keeps in a JobRunr job's labels: its type, priority and producer. Labels are the
 * one place JobRunr keeps for the whole life of a job (metadata is cleared on success), the
 * dashboard shows them, and a database trigger reads the priority label into the
 * {@code lineup_priority} column that dispatch orders by.
 */
public record JobLabels(String type, Priority priority, String producer) {

    static final String PRIORITY_PREFIX = "priority:";
    static final String PRODUCER_PREFIX = "producer:";

    public List<String> asList() {
        return List.of(type, PRIORITY_PREFIX + priority.wireName(), PRODUCER_PREFIX + producer);
    }

    /** Reads labels written by {@link #asList()}; a job without them is a normal job of no producer. */
    public static JobLabels parse(List<String> labels) {
        String type = null;
        Priority priority = Priority.NORMAL;
        String producer = null;
        for (String label : labels) {
            if (label.startsWith(PRIORITY_PREFIX)) {
                priority = Priority.parse(label.substring(PRIORITY_PREFIX.length()))
                        .orElse(Priority.NORMAL);
            } else if (label.startsWith(PRODUCER_PREFIX)) {
                producer = label.substring(PRODUCER_PREFIX.length());
            } else {
                type = label;
            }
        }
        return new JobLabels(type, priority, producer);
    }
}
