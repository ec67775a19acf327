-- Fair shares between producers. Within one priority, workers take waiting jobs from producers
-- in turn instead of oldest first across all of them, so one producer's backlog cannot delay
-- another producer's job by more than a fetch or two.
--
-- A job's producer becomes visible to SQL the way its priority did (V2): the insert trigger
-- copies it from the job's labels ("producer:<name>", written by JobLabels in the contract) into
-- a column, once per job. Jobs without a producer (recurring jobs) form the lane ''.

alter table jobrunr_jobs add column lineup_producer text not null default '';

create function lineup_producer_of(job_as_json text) returns text
    language sql immutable parallel safe as
$$
select coalesce((select substr(label, length('producer:') + 1)
                 from jsonb_array_elements_text(job_as_json::jsonb -> 'labels') label
                 where label like 'producer:%'
                 limit 1), '')
$$;

update jobrunr_jobs set lineup_producer = lineup_producer_of(jobasjson)
where state in ('SCHEDULED', 'ENQUEUED', 'PROCESSING', 'FAILED');

create or replace function lineup_set_job_priority() returns trigger
    language plpgsql as
$$
begin
    new.lineup_priority := lineup_priority_of(new.jobasjson);
    new.lineup_producer := lineup_producer_of(new.jobasjson);
    return new;
end
$$;

-- The ready set by priority and producer: the next producers with waiting jobs after a cursor
-- are found by stepping through this index (one probe per producer), and each producer's
-- oldest jobs are read from its own range.
create index lineup_jobs_lane_idx on jobrunr_jobs (lineup_priority, lineup_producer, updatedat) where state = 'ENQUEUED';

-- A producer's running jobs, counted by a fetch for producers with a concurrency limit.
create index lineup_jobs_running_idx on jobrunr_jobs (lineup_producer) where state = 'PROCESSING';

-- A producer's waiting jobs (JobStates.WAITING in the contract), counted by the jobs API against its quota.
create index lineup_jobs_waiting_idx on jobrunr_jobs (lineup_producer) where state in ('AWAITING', 'SCHEDULED', 'ENQUEUED');
