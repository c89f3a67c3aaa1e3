-- What the demo prints every few seconds: the conversations in the table, and how many are not yet final.
SELECT count(*), count(*) FILTER (WHERE status IN ('queued', 'in-progress'))
FROM ${schema}.conversations
