-- Rows that had no stored row when the page read its hashes, from the staging table: a plain insert, which
-- skips the upsert's conflict handling. A row inserted meanwhile fails it, and the page is written again
-- by the guarded upsert. (Appending to conversations directly is faster still, but DuckDB 1.4.2 can then
-- recover, after a kill, a page's rows without the counts committed with them.)
-- Binds: run_id.
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
