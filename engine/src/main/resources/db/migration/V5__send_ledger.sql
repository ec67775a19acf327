-- One row per job that sends an email or SMS: whether its message went out, so a job run
-- again (a retry, a worker that died, a snooze) never hands the same message to a provider
-- twice. Also what the SMS recipient cap counts, and where a held or dropped message is
-- recorded with the reason. Rows are pruned after LINEUP_SEND_LEDGER_RETENTION.
--
--   held        over the recipient cap; the job snoozed until hold_until
--   sending     claimed at claimed_at: the provider is being called. Another run of the job
--               that finds this row claimed less than LINEUP_SEND_IN_FLIGHT_WINDOW ago snoozes
--               (the first may still be waiting on the provider); an older row means the
--               worker died or could not record the answer, and the next run sends again
--   unanswered  the call failed in a way that may have reached the provider (a timeout, a 5xx,
--               a 429); detail holds the error. It counts toward the recipient cap; the job's
--               retry claims it again. (A call that provably did not reach it deletes the claim.)
--   sent        the provider accepted it; provider_message_id is its id there
--   dropped     over the recipient cap with the cap's action set to drop; never sent
create table lineup_send_ledger (
    job_id              uuid        primary key,
    channel             text        not null check (channel in ('email', 'sms')),
    provider            text        not null,
    producer            text,
    recipient           text        not null,
    state               text        not null check (state in ('held', 'sending', 'unanswered', 'sent', 'dropped')),
    provider_message_id text,
    detail              text,
    hold_until          timestamptz,
    claimed_at          timestamptz,
    sent_at             timestamptz,
    updated_at          timestamptz not null
);

-- The recipient cap: how many messages went (or may have gone) to this number in the last window.
create index lineup_send_ledger_cap_idx on lineup_send_ledger (channel, recipient, claimed_at)
    where state in ('sending', 'sent', 'unanswered');
-- Pruning.
create index lineup_send_ledger_updated_idx on lineup_send_ledger (updated_at);
