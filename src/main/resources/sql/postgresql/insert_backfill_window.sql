-- Binds: backfill_id, operator_id, window_start, window_end.
INSERT INTO ${schema}.backfill_windows (backfill_id, operator_id, window_start, window_end, status)
VALUES (?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), 'pending')
