-- The listed ids a killed reconcile left behind: those of runs no longer running.
DELETE FROM ${schema}.reconcile_listed
WHERE run_id NOT IN (SELECT run_id FROM ${schema}.sync_runs WHERE status = 'running')
