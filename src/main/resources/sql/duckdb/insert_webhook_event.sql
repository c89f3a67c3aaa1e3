-- Binds: idempotency_key, event_id, event_type, conversation_id, operator_id, signed_at, received_at, status, finished_at
-- (an ignored event is finished when it arrives, so it is pruned like the rest). A key already here inserts nothing
-- (0 rows): the receiver then answers 200 and fetches nothing.
INSERT INTO ${schema}.webhook_events (idempotency_key, event_id, event_type, conversation_id, operator_id, signed_at,
                                      received_at, status, finished_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (idempotency_key) DO NOTHING
