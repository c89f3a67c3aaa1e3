-- Binds: kind, window_start, window_end, host, pid, instance.
INSERT INTO ${schema}.sync_runs (kind, status, started_at, window_start, window_end, host, pid, instance, heartbeat_at)
VALUES (?, 'running', now(), CAST(? AS timestamptz), CAST(? AS timestamptz), ?, ?, ?, now())
RETURNING run_id
