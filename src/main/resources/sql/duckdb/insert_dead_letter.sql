-- Binds: stage, operator_id, conversation_id, http_status, error_code, transient, message, request, payload, run_id, fingerprint.
INSERT INTO ${schema}.dead_letters (stage, operator_id, conversation_id, http_status, error_code, transient, message,
                                    request, payload, run_id, fingerprint, first_seen_at, last_seen_at)
VALUES (?, ?, ?, CAST(? AS integer), ?, CAST(? AS boolean), ?, ?, ?, CAST(? AS bigint), ?, now(), now())
RETURNING id
