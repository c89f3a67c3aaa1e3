-- Binds: stream_id, operator_id, field, run_id, status, succeeded, error.
INSERT INTO ${schema}.sync_state (stream_id, operator_id, field, last_run_id, last_status, last_success_at, last_error, updated_at)
VALUES (?, ?, ?, ?, ?, CASE WHEN CAST(? AS boolean) THEN now() END, ?, now())
ON CONFLICT (stream_id) DO UPDATE SET
    last_run_id = EXCLUDED.last_run_id,
    last_status = EXCLUDED.last_status,
    last_success_at = COALESCE(EXCLUDED.last_success_at, sync_state.last_success_at),
    last_error = EXCLUDED.last_error,
    updated_at = EXCLUDED.updated_at
