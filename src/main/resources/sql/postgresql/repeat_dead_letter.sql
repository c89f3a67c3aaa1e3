-- The same failure again: the open letter keeps its first status, code, message, request and body, counts the
-- attempt and keeps the latest failure beside them.
-- Binds: last_http_status, last_error_code, last_message, run_id, id.
UPDATE ${schema}.dead_letters SET
    attempts = attempts + 1,
    last_seen_at = now(),
    last_http_status = CAST(? AS integer),
    last_error_code = ?,
    last_message = ?,
    run_id = CAST(? AS bigint)
WHERE id = ?
