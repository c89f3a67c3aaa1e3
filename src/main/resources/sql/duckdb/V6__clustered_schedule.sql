-- DuckDB is one process's file, so it has no cluster and no Quartz tables (its schedule is in memory). The
-- backfill's instance column is kept alike so the backfill statements bind the same in both dialects.
ALTER TABLE ${schema}.backfills ADD COLUMN instance text;
