-- Binds: run_id, run_id; a null run_id means the latest reconcile.
SELECT run_id, status, started_at, finished_at, window_start, window_end, listed, missing, deleted, restored,
       dead_lettered, error
FROM ${schema}.sync_runs
WHERE kind = 'reconcile' AND (CAST(? AS bigint) IS NULL OR run_id = ?)
ORDER BY run_id DESC LIMIT 1
