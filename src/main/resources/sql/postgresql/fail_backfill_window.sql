-- Binds: error, window_id. The resume cursor stays: a resumed backfill continues at the failed page.
UPDATE ${schema}.backfill_windows SET status = 'failed', error = ?, updated_at = now() WHERE window_id = ?
