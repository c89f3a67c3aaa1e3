-- Binds: pages, requests, retries, fetched, inserted, updated, unchanged, dead_lettered, rate-limit wait seconds, run_id.
-- Only a running run counts pages: a page of a run closed meanwhile as lost (its process stalled past its
-- lease) finds no row, and its transaction rolls back (fencing: the run holding the stream now is another).
UPDATE ${schema}.sync_runs SET
    pages = pages + ?,
    requests = requests + ?,
    retries = retries + ?,
    fetched = fetched + ?,
    inserted = inserted + ?,
    updated = updated + ?,
    unchanged = unchanged + ?,
    dead_lettered = dead_lettered + ?,
    rate_limit_wait_seconds = rate_limit_wait_seconds + ?
WHERE run_id = ? AND status = 'running'
