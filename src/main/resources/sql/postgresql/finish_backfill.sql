-- Binds: status, error, backfill_id.
UPDATE ${schema}.backfills SET status = ?, error = ?, finished_at = now() WHERE backfill_id = ?
