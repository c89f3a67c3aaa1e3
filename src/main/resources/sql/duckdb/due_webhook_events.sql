-- Binds: limit. The pending events, oldest first; the worker decides which conversations are due.
SELECT idempotency_key, event_type, conversation_id, operator_id, signed_at, received_at
FROM ${schema}.webhook_events
WHERE status = 'pending'
ORDER BY received_at
LIMIT ?
