package dev.lineup.engine.deadletter;

import dev.lineup.core.job.Priority;

import java.time.Instant;

/**
 * Which dead letters a query or a bulk replay covers. A null field matches anything.
 *
 * @param type       the job type, e.g. {@code sms.send}
 * @param priority   the job's priority
 * @param producer   whose dead letters; null means every producer's, which only operators may ask for
 * @param errorClass the exception class of the last failure, simple ({@code IllegalStateException})
 *                   or fully qualified ({@code java.lang.IllegalStateException})
 * @param from       failed at or after this
 * @param to         failed before this
 */
public record DeadLetterFilter(
        String type, Priority priority, String producer, String errorClass, Instant from, Instant to) {}
