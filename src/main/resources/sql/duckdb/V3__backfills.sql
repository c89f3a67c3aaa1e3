-- Backfills (issue 4): one row per backfill, one row per window of it. A window's resume point lives
-- here, not in sync_state, so a backfill never reads or moves the live watermarks; PageWriter commits
-- it in the same transaction as the window's rows. No foreign key: DuckDB refuses updates of a
-- referenced row, and backfills.status changes while its windows exist.
CREATE SEQUENCE ${schema}.backfills_seq;
CREATE TABLE ${schema}.backfills (
    backfill_id    bigint PRIMARY KEY DEFAULT nextval('${schema}.backfills_seq'),
    range_start    timestamptz NOT NULL,
    range_end      timestamptz NOT NULL,
    operator_id    text,
    window_seconds bigint NOT NULL,
    status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    requested_by   text NOT NULL,
    run_id         bigint,
    created_at     timestamptz NOT NULL DEFAULT current_timestamp,
    finished_at    timestamptz,
    error          text
);

CREATE SEQUENCE ${schema}.backfill_windows_seq;
CREATE TABLE ${schema}.backfill_windows (
    window_id     bigint PRIMARY KEY DEFAULT nextval('${schema}.backfill_windows_seq'),
    backfill_id   bigint NOT NULL,
    operator_id   text,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    resume_cursor text,
    status        text NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    pages         integer NOT NULL DEFAULT 0,
    fetched       bigint NOT NULL DEFAULT 0,
    error         text,
    updated_at    timestamptz NOT NULL DEFAULT current_timestamp
);
