-- Binds: finished before. Pending events are never pruned: they are what a restart finishes.
DELETE FROM ${schema}.webhook_events WHERE status <> 'pending' AND finished_at < ?
