-- Camel sql (routes/reconcile.camel.yaml): rows marked deleted that the window's listing served again.
UPDATE ${schema}.conversations SET _deleted_at = NULL
WHERE _deleted_at IS NOT NULL
  AND id IN (SELECT id FROM ${schema}.reconcile_listed WHERE window_key = :#${exchangeProperty.reconcileWindow.key})
