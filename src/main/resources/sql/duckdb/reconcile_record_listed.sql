-- Binds: window_key, run_id, the page's ids (varchar[]).
INSERT INTO ${schema}.reconcile_listed (window_key, run_id, id) SELECT ?, ?, unnest(CAST(? AS varchar[]))
