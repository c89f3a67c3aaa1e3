-- Binds: backfill_id, window_start from (inclusive), window_start to (exclusive). The planned windows of one stretch
-- of a backfill; the rest of it is planned when its turn comes.
SELECT window_id, operator_id, window_start, window_end, resume_cursor, status, pages, fetched
FROM ${schema}.backfill_windows
WHERE backfill_id = ? AND window_start >= CAST(? AS timestamptz) AND window_start < CAST(? AS timestamptz)
ORDER BY window_start, operator_id
