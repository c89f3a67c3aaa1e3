-- What the demo prints every few seconds: the conversations in the table, how many are not yet final, and how many
-- a reconcile found deleted.
SELECT count(*), count(*) FILTER (WHERE status IN ('queued', 'in-progress')), count(*) FILTER (WHERE _deleted_at IS NOT NULL)
FROM ${schema}.conversations
