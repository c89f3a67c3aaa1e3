-- Binds: error, run_id. The status guard leaves a run alone that finished meanwhile.
UPDATE ${schema}.sync_runs SET status = 'failed', finished_at = now(), error = ?
WHERE run_id = ? AND status = 'running'
