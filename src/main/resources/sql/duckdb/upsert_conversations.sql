-- Guarantee 2: only a later _observed_at replaces a row; guarantee 3: only when the payload changed.
INSERT INTO ${schema}.conversations (
    id, operator_id, agent_id, customer_id, livemode, direction, status, channel_type, phone_no,
    created_at, started_at, completed_at, postprocessed_at, postprocessed, transferred, duration_sec,
    sentiment, failure_reason, zendesk_ticket_id, summary, scenarios, custom_fields,
    _raw, _api_version, _payload_hash, _observed_at, _first_synced_at, _last_changed_at, _run_id)
SELECT
    id, operator_id, agent_id, customer_id, livemode, direction, status, channel_type, phone_no,
    created_at, started_at, completed_at, postprocessed_at, postprocessed, transferred, duration_sec,
    sentiment, failure_reason, zendesk_ticket_id, summary, CAST(scenarios AS json), CAST(custom_fields AS json),
    CAST(_raw AS json), _api_version, _payload_hash, _observed_at, now(), now(), CAST(? AS bigint)
FROM temp.main.conversations_stage
ON CONFLICT (id) DO UPDATE SET
    operator_id = EXCLUDED.operator_id,
    agent_id = EXCLUDED.agent_id,
    customer_id = EXCLUDED.customer_id,
    livemode = EXCLUDED.livemode,
    direction = EXCLUDED.direction,
    status = EXCLUDED.status,
    channel_type = EXCLUDED.channel_type,
    phone_no = EXCLUDED.phone_no,
    created_at = EXCLUDED.created_at,
    started_at = EXCLUDED.started_at,
    completed_at = EXCLUDED.completed_at,
    postprocessed_at = EXCLUDED.postprocessed_at,
    postprocessed = EXCLUDED.postprocessed,
    transferred = EXCLUDED.transferred,
    duration_sec = EXCLUDED.duration_sec,
    sentiment = EXCLUDED.sentiment,
    failure_reason = EXCLUDED.failure_reason,
    zendesk_ticket_id = EXCLUDED.zendesk_ticket_id,
    summary = EXCLUDED.summary,
    scenarios = EXCLUDED.scenarios,
    custom_fields = EXCLUDED.custom_fields,
    _raw = EXCLUDED._raw,
    _api_version = EXCLUDED._api_version,
    _payload_hash = EXCLUDED._payload_hash,
    _observed_at = EXCLUDED._observed_at,
    _last_changed_at = EXCLUDED._last_changed_at,
    _run_id = EXCLUDED._run_id
WHERE conversations._observed_at < EXCLUDED._observed_at
  AND conversations._payload_hash IS DISTINCT FROM EXCLUDED._payload_hash
