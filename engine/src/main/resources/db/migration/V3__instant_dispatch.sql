-- Instant dispatch: a job that becomes ready (an enqueue, a due scheduled job, a retry)
-- notifies channel lineup_ready, and idle workers that LISTEN fetch at once instead of at
-- their next poll. PostgreSQL delivers identical notifications of one transaction once, so a
-- batch of 1,000 jobs wakes workers once. The WHEN clause keeps every other write (a job
-- starting, succeeding) from calling the function at all.

create function lineup_notify_ready() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('lineup_ready', '');
    return null;
end
$$;

create trigger lineup_notify_ready
    after insert or update of state on jobrunr_jobs
    for each row when (new.state = 'ENQUEUED')
    execute function lineup_notify_ready();

-- Due scheduled jobs, read about once a second by the master worker. JobRunr's own index on
-- scheduledat also covers every finished job that was ever scheduled.
create index lineup_jobs_due_idx on jobrunr_jobs (scheduledat) where state = 'SCHEDULED';
