-- Binds: listed, deleted, restored, requests and retries of its GET /conversations/{id}, run_id. Missing rows are
-- those the listing's pages inserted.
UPDATE ${schema}.sync_runs SET listed = ?, missing = inserted, deleted = ?, restored = ?,
    requests = requests + ?, retries = retries + ?
WHERE run_id = ?
