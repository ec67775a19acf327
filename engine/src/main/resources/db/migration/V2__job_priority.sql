-- Makes a job's priority visible to SQL. JobRunr stores a job as JSON; Lineup writes the
-- priority into the job's labels ("priority:high"), and this trigger copies it into a column
-- when the row is inserted. A job's priority never changes after that, and JobRunr's own
-- UPDATEs do not touch the column, so the JSON is parsed once per job.

create function lineup_priority_of(job_as_json text) returns smallint
    language sql immutable parallel safe as
$$
select case
           when labels ? 'priority:critical' then 0
           when labels ? 'priority:high' then 1
           when labels ? 'priority:low' then 3
           else 2
       end::smallint
from (select job_as_json::jsonb -> 'labels' as labels) l
$$;

alter table jobrunr_jobs add column lineup_priority smallint not null default 2;

update jobrunr_jobs set lineup_priority = lineup_priority_of(jobasjson)
where state in ('SCHEDULED', 'ENQUEUED', 'PROCESSING', 'FAILED');

create function lineup_set_job_priority() returns trigger
    language plpgsql as
$$
begin
    new.lineup_priority := lineup_priority_of(new.jobasjson);
    return new;
end
$$;

create trigger lineup_set_job_priority
    before insert on jobrunr_jobs
    for each row execute function lineup_set_job_priority();

-- The ready set by priority, oldest first within a priority.
create index lineup_jobs_ready_idx on jobrunr_jobs (lineup_priority, updatedat) where state = 'ENQUEUED';
