-- Issue 13: a backfill's windows are planned as it goes (never all at once), so the count of its backfill_windows
-- rows is not its size; the size is kept here. Null for a backfill made before: it planned every window up front.
ALTER TABLE ${schema}.backfills ADD COLUMN windows bigint;
