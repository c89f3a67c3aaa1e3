-- Binds: received before (the coalescing moment has passed), limit. Oldest first.
SELECT idempotency_key, event_type, conversation_id, operator_id, signed_at
FROM ${schema}.webhook_events
WHERE status = 'pending' AND received_at <= ?
ORDER BY received_at
LIMIT ?
