SELECT run_id, kind, status, started_at, finished_at, window_start, window_end,
       streams, pages, requests, retries, fetched, inserted, updated, unchanged, dead_lettered,
       rate_limit_wait_seconds, error
FROM ${schema}.sync_runs WHERE run_id = ?
