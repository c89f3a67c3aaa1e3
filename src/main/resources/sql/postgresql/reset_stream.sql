-- Binds: watermark (null: from the beginning), the same again, stream_id. Rewinds, never advances,
-- and drops an interrupted window so the next sync plans afresh from the new watermark.
UPDATE ${schema}.sync_state SET
    watermark = CASE WHEN CAST(? AS timestamptz) IS NULL OR watermark IS NULL THEN NULL
                     ELSE least(watermark, CAST(? AS timestamptz)) END,
    window_start = NULL, window_end = NULL, resume_cursor = NULL, updated_at = now()
WHERE stream_id = ?
