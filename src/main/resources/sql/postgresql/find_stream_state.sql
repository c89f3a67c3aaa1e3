SELECT stream_id, operator_id, field, watermark, window_start, window_end, resume_cursor,
       last_run_id, last_status, last_success_at, last_error
FROM ${schema}.sync_state WHERE stream_id = ?
