-- Deletes and reconciliation (issue 15). _deleted_at: set by reconcile once GET /conversations/{id} answered 404
-- for a row the API no longer lists; cleared when the API serves the conversation again.
ALTER TABLE ${schema}.conversations ADD COLUMN _deleted_at timestamptz;

-- A reconcile is a run of its own kind. DuckDB can neither change nor drop a CHECK constraint, nor add a column
-- with one, so kind moves to a column of an enum type, which refuses any other kind as the CHECK did.
CREATE TYPE ${schema}.run_kind AS ENUM ('sync', 'backfill', 'replay', 'webhook', 'reconcile');
ALTER TABLE ${schema}.sync_runs ADD COLUMN kind_v8 ${schema}.run_kind;
UPDATE ${schema}.sync_runs SET kind_v8 = kind;
ALTER TABLE ${schema}.sync_runs DROP COLUMN kind;
ALTER TABLE ${schema}.sync_runs RENAME COLUMN kind_v8 TO kind;
ALTER TABLE ${schema}.sync_runs ADD COLUMN listed bigint DEFAULT 0;
ALTER TABLE ${schema}.sync_runs ADD COLUMN missing bigint DEFAULT 0;
ALTER TABLE ${schema}.sync_runs ADD COLUMN deleted bigint DEFAULT 0;
ALTER TABLE ${schema}.sync_runs ADD COLUMN restored bigint DEFAULT 0;

-- The ids the API listed in a reconcile's window, kept only until the window is compared with the table, so the
-- comparison happens in the warehouse and the process never holds a window's ids.
CREATE TABLE ${schema}.reconcile_listed (
    window_key varchar NOT NULL,
    run_id     bigint NOT NULL,
    id         varchar NOT NULL
);
