-- Binds: range_start, range_end, operator_id, window_seconds, windows, requested_by, run_id, instance.
INSERT INTO ${schema}.backfills (range_start, range_end, operator_id, window_seconds, windows, status, requested_by, run_id, instance)
VALUES (CAST(? AS timestamptz), CAST(? AS timestamptz), ?, ?, ?, 'running', ?, ?, ?)
RETURNING backfill_id
