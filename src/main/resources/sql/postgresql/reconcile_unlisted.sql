-- Camel sql (routes/reconcile.camel.yaml): the window's rows the API did not list and that are not known deleted,
-- in id order. The comparison runs here, against the window's listed ids, so the process holds only the rows that
-- differ. The owner is the window's operator (2024-11-11), or empty for the whole account (2025-06-19).
SELECT c.id
FROM ${schema}.conversations c
WHERE c.created_at >= :#${exchangeProperty.reconcileWindow.start}
  AND c.created_at < :#${exchangeProperty.reconcileWindow.end}
  AND (:#${exchangeProperty.reconcileWindow.owner} = '' OR c.operator_id = :#${exchangeProperty.reconcileWindow.owner})
  AND c._deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM ${schema}.reconcile_listed l
                  WHERE l.window_key = :#${exchangeProperty.reconcileWindow.key} AND l.id = c.id)
ORDER BY c.id
