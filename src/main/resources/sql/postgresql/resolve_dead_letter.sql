-- Only an open letter is resolved, so a letter is replayed or discarded once.
-- Binds: status (replayed or discarded), resolution, run_id, id.
UPDATE ${schema}.dead_letters SET status = ?, resolved_at = now(), resolution = ?, run_id = CAST(? AS bigint)
WHERE id = ? AND status = 'open'
