SELECT id, first_seen_at, last_seen_at, stage, operator_id, conversation_id, http_status, error_code, transient,
       message, request, payload, attempts, run_id, status, resolved_at, resolution, last_http_status, last_error_code,
       last_message
FROM ${schema}.dead_letters WHERE id = ?
