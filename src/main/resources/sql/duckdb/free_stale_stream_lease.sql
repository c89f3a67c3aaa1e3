-- Binds: stream_id. A lease whose run is not running any more is nobody's.
DELETE FROM ${schema}.stream_leases
WHERE stream_id = ? AND run_id NOT IN (SELECT run_id FROM ${schema}.sync_runs WHERE status = 'running')
