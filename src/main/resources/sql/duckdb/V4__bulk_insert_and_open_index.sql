-- The defaults PostgreSQL's V4 gives these columns for its bulk insert, kept alike here though DuckDB's inserts
-- set both columns themselves; DuckDB keeps no secondary index to change (V1__create_tables.sql).
ALTER TABLE ${schema}.conversations ALTER COLUMN _first_synced_at SET DEFAULT now();
ALTER TABLE ${schema}.conversations ALTER COLUMN _last_changed_at SET DEFAULT now();
