-- Binds: run_id. A run closed meanwhile (by this process, or by another that took it for lost) stays closed.
UPDATE ${schema}.sync_runs SET heartbeat_at = now() WHERE run_id = ? AND status = 'running'
