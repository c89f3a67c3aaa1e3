-- Per connection; the rows vanish at commit or rollback, so a failed page leaves nothing behind.
-- JSON columns are staged as text and cast in upsert_conversations.sql.
CREATE TEMP TABLE IF NOT EXISTS conversations_stage (
    id text, operator_id text, agent_id text, customer_id text, livemode boolean,
    direction text, status text, channel_type text, phone_no text,
    created_at timestamptz, started_at timestamptz, completed_at timestamptz, postprocessed_at timestamptz,
    postprocessed boolean, transferred boolean, duration_sec double precision,
    sentiment text, failure_reason text, zendesk_ticket_id text, summary text,
    scenarios text, custom_fields text, _raw text, _api_version text, _payload_hash text,
    _observed_at timestamptz
) ON COMMIT DELETE ROWS
