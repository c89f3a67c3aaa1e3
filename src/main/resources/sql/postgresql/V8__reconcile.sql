-- Deletes and reconciliation (issue 15). _deleted_at: set by reconcile once GET /conversations/{id} answered 404
-- for a row the API no longer lists; cleared when the API serves the conversation again.
ALTER TABLE ${schema}.conversations ADD COLUMN _deleted_at timestamptz;

-- A reconcile is a run of its own kind, and says what it found.
ALTER TABLE ${schema}.sync_runs DROP CONSTRAINT sync_runs_kind_check;
ALTER TABLE ${schema}.sync_runs ADD CONSTRAINT sync_runs_kind_check
    CHECK (kind IN ('sync', 'backfill', 'replay', 'webhook', 'reconcile'));
ALTER TABLE ${schema}.sync_runs
    ADD COLUMN listed bigint NOT NULL DEFAULT 0,
    ADD COLUMN missing bigint NOT NULL DEFAULT 0,
    ADD COLUMN deleted bigint NOT NULL DEFAULT 0,
    ADD COLUMN restored bigint NOT NULL DEFAULT 0;

-- The ids the API listed in a reconcile's window, kept only until the window is compared with the table, so the
-- comparison happens in the warehouse and the process never holds a window's ids. Unlogged: a crash loses only
-- what the next reconcile lists again.
CREATE UNLOGGED TABLE ${schema}.reconcile_listed (
    window_key text NOT NULL,
    run_id     bigint NOT NULL,
    id         text NOT NULL
);
CREATE INDEX reconcile_listed_window_idx ON ${schema}.reconcile_listed (window_key, id);
