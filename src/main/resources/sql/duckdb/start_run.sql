-- Binds: kind, window_start, window_end, host, pid.
INSERT INTO ${schema}.sync_runs (kind, status, started_at, window_start, window_end, host, pid)
VALUES (?, 'running', now(), CAST(? AS timestamptz), CAST(? AS timestamptz), ?, ?)
RETURNING run_id
