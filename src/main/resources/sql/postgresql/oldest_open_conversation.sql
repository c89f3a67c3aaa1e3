-- The created_at of the oldest conversation of an owner that has not reached a final status, within
-- the horizon: its status may change with no timestamp to say so, so the created_at window re-reads it.
-- Binds: operator_id (null = the account), operator_id again, horizon.
SELECT min(created_at)
FROM ${schema}.conversations
WHERE (status IS NULL OR status IN ('queued', 'in-progress'))
  AND (CAST(? AS VARCHAR) IS NULL OR operator_id = ?)
  AND created_at >= ?
