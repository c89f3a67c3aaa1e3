-- Camel sql (routes/reconcile.camel.yaml), after GET /conversations/{id} answered 404. A row marked already keeps
-- the time its deletion was first confirmed.
UPDATE ${schema}.conversations SET _deleted_at = now()
WHERE id = :#${exchangeProperty.conversationId} AND _deleted_at IS NULL
