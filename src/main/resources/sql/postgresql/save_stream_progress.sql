-- Binds: stream_id, operator_id, field, watermark (null keeps the stored one), window_start, window_end, resume_cursor.
INSERT INTO ${schema}.sync_state (stream_id, operator_id, field, watermark, window_start, window_end, resume_cursor, updated_at)
VALUES (?, ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS timestamptz), ?, now())
ON CONFLICT (stream_id) DO UPDATE SET
    operator_id = EXCLUDED.operator_id,
    field = EXCLUDED.field,
    watermark = COALESCE(EXCLUDED.watermark, sync_state.watermark),
    window_start = EXCLUDED.window_start,
    window_end = EXCLUDED.window_end,
    resume_cursor = EXCLUDED.resume_cursor,
    updated_at = EXCLUDED.updated_at
