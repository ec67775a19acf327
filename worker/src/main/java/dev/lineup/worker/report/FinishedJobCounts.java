package dev.lineup.worker.report;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Counts the jobs that finished in a time range, by type and outcome, straight from JobRunr's
 * {@code jobrunr_jobs}: SUCCEEDED, FAILED (the dead letters: a failure that will be retried is
 * stored as SCHEDULED) and DELETED (cancelled).
 *
 * <p>JobRunr deletes succeeded jobs itself some time after they succeed (36 hours by default).
 * Such a job is counted as succeeded at the time it succeeded, not as cancelled on the day it
 * was cleaned up. Deleted jobs are removed for good later still (72 hours by default), so a
 * report for a day further back than that finds fewer jobs than there were.
 */
@Component
class FinishedJobCounts {

    /** How many jobs of one type finished with one outcome. */
    record Count(String type, Outcome outcome, long jobs) {}

    enum Outcome {
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    // JobRunr stores its timestamps as UTC in "timestamp without time zone" columns
    private static final String SQL = """
            with stored as (
                select jobasjson::jsonb as job, state, updatedat
                from jobrunr_jobs
                where state in ('SUCCEEDED', 'FAILED', 'DELETED') and updatedat >= :from
            ), classified as (
                select job, state, updatedat,
                       state = 'DELETED' and job -> 'jobHistory' -> -2 ->> 'state' = 'SUCCEEDED' as cleaned_up
                from stored
            ), finished as (
                select coalesce(job ->> 'jobName', '(unnamed)') as type,
                       case when cleaned_up then 'SUCCEEDED' when state = 'DELETED' then 'CANCELLED' else state end as outcome,
                       case when cleaned_up then (job -> 'jobHistory' -> -2 ->> 'createdAt')::timestamptz at time zone 'UTC'
                            else updatedat end as finished_at
                from classified
            )
            select type, outcome, count(*) as jobs
            from finished
            where finished_at >= :from and finished_at < :until
            group by type, outcome
            """;

    private final JdbcClient jdbc;

    FinishedJobCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Count> between(Instant from, Instant until) {
        return jdbc.sql(SQL)
                .param("from", LocalDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("until", LocalDateTime.ofInstant(until, ZoneOffset.UTC))
                .query((rs, row) ->
                        new Count(rs.getString("type"), Outcome.valueOf(rs.getString("outcome")), rs.getLong("jobs")))
                .list();
    }
}
