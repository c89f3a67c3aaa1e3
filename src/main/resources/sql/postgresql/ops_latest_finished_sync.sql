-- The newest sync run that has ended, for the readiness check: did the last attempt work, and if not, why.
SELECT run_id, status, finished_at, error FROM ${schema}.sync_runs
WHERE kind = 'sync' AND finished_at IS NOT NULL ORDER BY run_id DESC LIMIT 1
