-- Binds: status, streams, error, run_id.
UPDATE ${schema}.sync_runs SET status = ?, finished_at = now(), streams = ?, error = ? WHERE run_id = ?
