-- A job that comes back to the ready set because its worker stopped (handed back) or died
-- (rescued as an orphan) keeps its place in line: it waits from the time it first became
-- ready, not from its return, so it is fetched before newer jobs of its priority and ages as
-- the old work it is. Lineup writes that time into the job's metadata under the key
-- "lineup-readySince" (JobMetadata.READY_SINCE) and clears it when the job next starts.
--
-- The ready set is ordered by (lineup_priority, updatedat), so the trigger moves updatedat, the
-- column JobRunr writes from the new state's time, back to that place. Only rows that become
-- ENQUEUED are touched; the job's JSON history keeps the true times. The text search skips the
-- JSON parse for every job that has no place to keep.

create function lineup_keep_place_in_line() returns trigger
    language plpgsql as
$$
declare
    since timestamp;
begin
    if position('lineup-readySince' in new.jobasjson) > 0 then
        since := ((new.jobasjson::jsonb -> 'metadata' ->> 'lineup-readySince')::timestamptz at time zone 'UTC');
        if since is not null and since < new.updatedat then
            new.updatedat := since;
        end if;
    end if;
    return new;
end
$$;

create trigger lineup_keep_place_in_line
    before update of state on jobrunr_jobs
    for each row when (new.state = 'ENQUEUED' and old.state <> 'ENQUEUED')
    execute function lineup_keep_place_in_line();
