-- Binds: window_key. The window is compared; its listed ids are done with.
DELETE FROM ${schema}.reconcile_listed WHERE window_key = ?
