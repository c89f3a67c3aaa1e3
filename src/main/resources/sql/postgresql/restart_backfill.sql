-- Binds: run_id, backfill_id. A resumed backfill runs again under the new invocation's run.
UPDATE ${schema}.backfills SET status = 'running', run_id = ?, finished_at = NULL, error = NULL WHERE backfill_id = ?
