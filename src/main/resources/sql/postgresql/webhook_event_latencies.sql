-- Binds: received from. For the webhook benchmark: each finished event's signed, received and finished instants.
SELECT signed_at, received_at, finished_at FROM ${schema}.webhook_events
WHERE finished_at IS NOT NULL AND received_at >= ?
