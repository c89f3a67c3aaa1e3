-- Where a reconcile of "all of it" starts cutting windows: the oldest row the table holds.
SELECT min(created_at) FROM ${schema}.conversations
