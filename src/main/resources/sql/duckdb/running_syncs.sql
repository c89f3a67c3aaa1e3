-- The incremental syncs still going: while one runs it holds every stream it planned.
SELECT run_id, host, pid FROM ${schema}.sync_runs WHERE kind = 'sync' AND status = 'running'
