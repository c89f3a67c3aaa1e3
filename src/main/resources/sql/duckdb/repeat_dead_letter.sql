-- The same failure again: the open letter takes the latest details and counts the attempt.
-- Binds: http_status, error_code, transient, message, request, payload, run_id, id.
UPDATE ${schema}.dead_letters SET
    attempts = attempts + 1,
    last_seen_at = now(),
    http_status = CAST(? AS integer),
    error_code = ?,
    transient = CAST(? AS boolean),
    message = ?,
    request = ?,
    payload = ?,
    run_id = CAST(? AS bigint)
WHERE id = ?
