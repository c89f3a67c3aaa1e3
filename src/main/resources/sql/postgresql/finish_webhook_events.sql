-- Binds: status, outcome, finished_at, run_id, idempotency keys. Only pending events: a finished one stays as it ended.
UPDATE ${schema}.webhook_events SET status = ?, outcome = ?, finished_at = ?, run_id = CAST(? AS bigint)
WHERE idempotency_key = ANY(?) AND status = 'pending'
