-- Each filter is bound twice; null leaves it off.
-- Binds: status, status, stage, stage, operator_id, operator_id, seen since, seen since, seen before, seen before.
SELECT id, first_seen_at, last_seen_at, stage, operator_id, conversation_id, http_status, error_code, transient,
       message, request, payload, attempts, run_id, status, resolved_at, resolution, last_http_status, last_error_code,
       last_message
FROM ${schema}.dead_letters
WHERE (CAST(? AS VARCHAR) IS NULL OR status = ?)
  AND (CAST(? AS VARCHAR) IS NULL OR stage = ?)
  AND (CAST(? AS VARCHAR) IS NULL OR operator_id = ?)
  AND (CAST(? AS timestamptz) IS NULL OR last_seen_at >= ?)
  AND (CAST(? AS timestamptz) IS NULL OR last_seen_at < ?)
ORDER BY id
