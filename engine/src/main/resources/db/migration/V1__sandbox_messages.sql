-- Messages the sandbox email and SMS providers would have sent. One row per job: a job that
-- runs twice records its message once.
create table lineup_sandbox_messages (
    id          bigserial primary key,
    job_id      uuid        not null unique,
    channel     text        not null check (channel in ('email', 'sms')),
    producer    text,
    recipient   text        not null,
    subject     text,
    body        text        not null,
    created_at  timestamptz not null default now()
);

create index lineup_sandbox_messages_created_idx on lineup_sandbox_messages (created_at desc);
