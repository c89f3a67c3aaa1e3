-- Binds: range_start, range_end, operator_id (twice), window_seconds. The latest backfill with these
-- arguments that did not succeed: started again with the same arguments, a backfill continues it.
SELECT backfill_id FROM ${schema}.backfills
WHERE range_start = CAST(? AS timestamptz) AND range_end = CAST(? AS timestamptz)
  AND (operator_id = ? OR (operator_id IS NULL AND CAST(? AS text) IS NULL))
  AND window_seconds = ? AND status <> 'succeeded'
ORDER BY backfill_id DESC LIMIT 1
