package dev.lineup.bench;

import dev.lineup.core.job.Priority;

import java.time.Duration;
import java.util.UUID;

/** One job system under test: plain JobRunr, or Lineup on JobRunr. */
interface Subject extends AutoCloseable {

    String name();

    /** Stores {@code count} ready jobs in batches, the fastest way the system offers. */
    void enqueueBatch(int count, Priority priority);

    /** Stores one ready job and returns its id; records when it was enqueued. */
    UUID enqueueOne(Priority priority);

    void startWorker();

    void stopWorker();

    /** Deletes every job. */
    void clear();

    /** Adds {@code count} ready jobs with one SQL statement (for the fetch-time backlog). */
    void fill(int count);

    /**
     * Spreads the waiting jobs over {@code producers} producers, where the system tells producers
     * apart; false where it does not.
     */
    default boolean spreadOverProducers(int producers) {
        return false;
    }

    /** Times one worker fetch of {@code limit} jobs, with no worker running. */
    Duration timeOneFetch(int limit);

    Recorder recorder();

    @Override
    void close();
}
