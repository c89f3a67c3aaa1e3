-- A stream's first watermark, set before anything is read; never overwrites one already there.
-- Binds: stream_id, operator_id, field, watermark.
INSERT INTO ${schema}.sync_state (stream_id, operator_id, field, watermark, updated_at)
VALUES (?, ?, ?, ?, now())
ON CONFLICT (stream_id) DO NOTHING
