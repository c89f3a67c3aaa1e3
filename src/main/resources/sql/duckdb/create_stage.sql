-- Per connection. DuckDB keeps temp rows across commits, so clear_stage.sql empties it inside each page's transaction.
-- JSON columns are staged as text and cast in upsert_conversations.sql.
CREATE TEMP TABLE IF NOT EXISTS conversations_stage (
    id varchar, operator_id varchar, agent_id varchar, customer_id varchar, livemode boolean,
    direction varchar, status varchar, channel_type varchar, phone_no varchar,
    created_at timestamptz, started_at timestamptz, completed_at timestamptz, postprocessed_at timestamptz,
    postprocessed boolean, transferred boolean, duration_sec double,
    sentiment varchar, failure_reason varchar, zendesk_ticket_id varchar, summary varchar,
    scenarios varchar, custom_fields varchar, _raw varchar, _api_version varchar, _payload_hash varchar,
    _observed_at timestamptz
)
