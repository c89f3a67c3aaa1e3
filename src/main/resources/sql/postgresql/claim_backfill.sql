-- Binds: the new instance, backfill_id, the lost instance. Only one survivor's claim matches.
UPDATE ${schema}.backfills SET instance = ? WHERE backfill_id = ? AND instance = ? AND status = 'running'
