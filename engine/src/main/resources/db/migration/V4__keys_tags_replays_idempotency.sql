-- What JobRunr's job table lacks, kept beside it. None of it is a second copy of job state.

-- A producer's business key (e.g. booking-8812:reminder-24h) names the job it names now.
create table lineup_job_keys (
    producer   text        not null,
    key        text        not null,
    job_id     uuid        not null,
    updated_at timestamptz not null default now(),
    primary key (producer, key)
);
create index lineup_job_keys_job_idx on lineup_job_keys (job_id);

-- A producer's tags on a job (e.g. booking:8812), to find and cancel its jobs together.
create table lineup_job_tags (
    job_id   uuid not null,
    producer text not null,
    tag      text not null,
    primary key (job_id, tag)
);
create index lineup_job_tags_lookup_idx on lineup_job_tags (producer, tag);

-- A dead letter replayed as a new job: who did it, and when.
create table lineup_replays (
    replay_id   uuid        primary key,
    original_id uuid        not null,
    replayed_by text        not null,
    replayed_at timestamptz not null default now()
);
create index lineup_replays_original_idx on lineup_replays (original_id);

-- (producer, idempotency key) -> job, kept for a window longer than JobRunr keeps job rows.
create table lineup_idempotency_keys (
    producer   text        not null,
    key        text        not null,
    job_id     uuid        not null,
    created_at timestamptz not null default now(),
    primary key (producer, key)
);
create index lineup_idempotency_keys_created_idx on lineup_idempotency_keys (created_at);
