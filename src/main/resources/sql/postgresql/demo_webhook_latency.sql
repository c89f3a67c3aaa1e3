-- Binds: finished since. For the demo: how many webhook events finished since then, and their mean seconds from arrival to row.
SELECT count(*), avg(EXTRACT(EPOCH FROM finished_at - received_at)) FROM ${schema}.webhook_events
WHERE status = 'done' AND finished_at >= ?
