-- Binds: error, backfill_id. The lost instance's run of a backfill another instance takes over; the status guard
-- leaves a run alone that was closed meanwhile (by the run lease).
UPDATE ${schema}.sync_runs SET status = 'failed', finished_at = now(), error = ?
WHERE run_id = (SELECT run_id FROM ${schema}.backfills WHERE backfill_id = ?) AND status = 'running'
