-- Binds: resume_cursor, the same cursor again (null closes the window), fetched, window_id.
UPDATE ${schema}.backfill_windows SET
    resume_cursor = ?,
    status = CASE WHEN CAST(? AS text) IS NULL THEN 'done' ELSE 'pending' END,
    pages = pages + 1,
    fetched = fetched + ?,
    error = NULL,
    updated_at = now()
WHERE window_id = ?
