-- Binds: watermark (null: from the beginning), the same again, stream_id, watermark twice more. Rewinds, never
-- advances, and drops an interrupted window so the next sync plans afresh from the new watermark. A stream already
-- at or before the target is left alone (not counted): nothing of it moves.
UPDATE ${schema}.sync_state SET
    watermark = CASE WHEN CAST(? AS timestamptz) IS NULL OR watermark IS NULL THEN NULL
                     ELSE least(watermark, CAST(? AS timestamptz)) END,
    window_start = NULL, window_end = NULL, resume_cursor = NULL, updated_at = now()
WHERE stream_id = ?
  AND CASE WHEN CAST(? AS timestamptz) IS NULL THEN watermark IS NOT NULL OR resume_cursor IS NOT NULL OR window_start IS NOT NULL
           ELSE watermark > CAST(? AS timestamptz) END
