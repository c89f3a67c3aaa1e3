SELECT run_id, pid FROM ${schema}.sync_runs WHERE status = 'running' AND host = ?
