-- Rows that had no stored row when the page read its hashes; _first_synced_at and _last_changed_at take
-- their default, now(), as in upsert_conversations.sql. A row inserted meanwhile by another writer fails the
-- COPY, and the page is written again by the guarded upsert.
COPY ${schema}.conversations (
    id, operator_id, agent_id, customer_id, livemode, direction, status, channel_type, phone_no,
    created_at, started_at, completed_at, postprocessed_at, postprocessed, transferred, duration_sec,
    sentiment, failure_reason, zendesk_ticket_id, summary, scenarios, custom_fields,
    _raw, _api_version, _payload_hash, _observed_at, _run_id
) FROM STDIN (FORMAT binary)
