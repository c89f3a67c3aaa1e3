-- The backfill of a run its process had to close itself (interrupted); one that finished meanwhile stays.
-- Binds: error, run_id.
UPDATE ${schema}.backfills SET status = 'failed', error = ?, finished_at = now() WHERE run_id = ? AND status = 'running'
