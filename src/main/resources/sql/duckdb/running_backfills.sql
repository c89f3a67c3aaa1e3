-- The backfills whose run is still going (runs of dead processes on this host are closed first).
SELECT b.backfill_id, b.operator_id FROM ${schema}.backfills b JOIN ${schema}.sync_runs r ON r.run_id = b.run_id
WHERE b.status = 'running' AND r.status = 'running'
