package dev.lineup.core.run;

import dev.lineup.core.job.Priority;

import java.util.UUID;

/**
 * What a handler may need to know about the run besides the payload.
 *
 * @param jobId    the job's id, stable across retries: the key for "already done?" checks
 * @param producer the producer that enqueued the job
 * @param priority the job's priority
 * @param attempt  1 on the first run, 2 on the first retry, ...; a {@link Snooze} does not count
 * @param memo     notes kept on the job between its runs
 */
public record RunContext(UUID jobId, String producer, Priority priority, int attempt, JobMemo memo) {

    /** A run whose memo lives in memory only, for handlers run outside a job server. */
    public RunContext(UUID jobId, String producer, Priority priority, int attempt) {
        this(jobId, producer, priority, attempt, JobMemo.inMemory());
    }
}
