-- Binds: backfill_id.
SELECT window_id, operator_id, window_start, window_end, resume_cursor, status, pages, fetched
FROM ${schema}.backfill_windows WHERE backfill_id = ? ORDER BY window_start, operator_id
