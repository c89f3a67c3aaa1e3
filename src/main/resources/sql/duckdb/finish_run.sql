-- Binds: status, streams, streams_skipped, error, run_id. A run another process closed as lost (its heartbeat
-- lapsed while this one stalled) keeps what that process wrote.
UPDATE ${schema}.sync_runs SET status = ?, finished_at = now(), streams = ?, streams_skipped = ?, error = ?
WHERE run_id = ? AND status = 'running'
