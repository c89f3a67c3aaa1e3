-- Binds: pages, requests, retries, fetched, inserted, updated, unchanged, dead_lettered, rate-limit wait seconds, run_id.
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
WHERE run_id = ?
