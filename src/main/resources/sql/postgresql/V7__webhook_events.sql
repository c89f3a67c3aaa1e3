-- Webhooks (issue 14): every accepted event is kept here, keyed by its idempotency key, from before the
-- receiver answers 202 until the fetch of its conversation committed (the worker marks it in the same
-- transaction as the row), so a crash or restart finishes it. status: pending (not yet fetched), done (the
-- row written, or found unchanged or gone), ignored (a type that fetches nothing, or an operator not
-- configured), failed (dead-lettered). Finished rows are pruned after webhook.retention.
CREATE TABLE ${schema}.webhook_events (
    idempotency_key text PRIMARY KEY,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    conversation_id text,
    operator_id     text,
    signed_at       timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'done', 'ignored', 'failed')),
    outcome         text,
    finished_at     timestamptz,
    run_id          bigint
);
CREATE INDEX webhook_events_pending_idx ON ${schema}.webhook_events (received_at) WHERE status = 'pending';

-- The webhook worker's writes belong to a run of kind webhook (one per process), which counts them.
ALTER TABLE ${schema}.sync_runs DROP CONSTRAINT sync_runs_kind_check;
ALTER TABLE ${schema}.sync_runs ADD CONSTRAINT sync_runs_kind_check CHECK (kind IN ('sync', 'backfill', 'replay', 'webhook'));
