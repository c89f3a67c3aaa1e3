-- Webhooks (issue 14): see the PostgreSQL migration of the same name. DuckDB keeps no secondary index.
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

-- The webhook worker's writes belong to a run of kind webhook. DuckDB can neither drop nor add a CHECK
-- constraint, nor add a column with one, so kind moves to a new column without it (the tool alone writes it).
ALTER TABLE ${schema}.sync_runs ADD COLUMN kind_v7 text;
UPDATE ${schema}.sync_runs SET kind_v7 = kind;
ALTER TABLE ${schema}.sync_runs DROP COLUMN kind;
ALTER TABLE ${schema}.sync_runs RENAME COLUMN kind_v7 TO kind;
ALTER TABLE ${schema}.sync_runs ALTER COLUMN kind SET NOT NULL;
