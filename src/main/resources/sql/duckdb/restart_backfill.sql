-- Binds: run_id, instance, backfill_id. A resumed backfill runs again under the new invocation's run, on its instance.
UPDATE ${schema}.backfills SET status = 'running', run_id = ?, instance = ?, finished_at = NULL, error = NULL WHERE backfill_id = ?
