-- Per connection. DuckDB keeps temp rows across commits, so clear_stage.sql empties it inside each page's transaction.
-- JSON columns are typed json here already: the Appender stores the text as it is. The text is an exact slice
-- of a page Jackson has just parsed, so it is valid JSON; a CAST from varchar in insert_new_conversations.sql
-- and upsert_conversations.sql parsed every record's JSON again (about 0.7 of 19 CPU-seconds in a 200k sync).
CREATE TEMP TABLE IF NOT EXISTS conversations_stage (
    id varchar, operator_id varchar, agent_id varchar, customer_id varchar, livemode boolean,
    direction varchar, status varchar, channel_type varchar, phone_no varchar,
    created_at timestamptz, started_at timestamptz, completed_at timestamptz, postprocessed_at timestamptz,
    postprocessed boolean, transferred boolean, duration_sec double,
    sentiment varchar, failure_reason varchar, zendesk_ticket_id varchar, summary varchar,
    scenarios json, custom_fields json, _raw json, _api_version varchar, _payload_hash varchar,
    _observed_at timestamptz
)
