package dev.lineup.engine.deadletter;

import dev.lineup.core.job.Priority;

import java.time.Instant;
import java.util.UUID;

/**
 * A job that ended FAILED, as a list shows it: read straight from JobRunr's row, never copied.
 *
 * @param attempts     how many times a worker started it
 * @param errorClass   the exception class of its last failure
 * @param errorMessage that exception's message
 */
public record DeadLetter(
        UUID id,
        String type,
        Priority priority,
        String producer,
        Instant failedAt,
        int attempts,
        String errorClass,
        String errorMessage) {}
