-- What a failed stream or a replay adds to its run beside its pages.
-- Binds: requests, retries, dead_lettered, rate-limit wait seconds, run_id.
UPDATE ${schema}.sync_runs SET
    requests = requests + ?,
    retries = retries + ?,
    dead_lettered = dead_lettered + ?,
    rate_limit_wait_seconds = rate_limit_wait_seconds + ?
WHERE run_id = ?
