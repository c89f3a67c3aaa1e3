-- No secondary indexes: DuckDB scans columnar data quickly, and ART indexes slow its upserts.
CREATE TABLE ${schema}.conversations (
    id                text PRIMARY KEY,
    operator_id       text,
    agent_id          text,
    customer_id       text,
    livemode          boolean,
    direction         text,
    status            text,
    channel_type      text,
    phone_no          text,
    created_at        timestamptz,
    started_at        timestamptz,
    completed_at      timestamptz,
    postprocessed_at  timestamptz,
    postprocessed     boolean,
    transferred       boolean,
    duration_sec      double,
    sentiment         text,
    failure_reason    text,
    zendesk_ticket_id text,
    summary           text,
    scenarios         json,
    custom_fields     json,
    _raw              json NOT NULL,
    _api_version      text NOT NULL,
    _payload_hash     text NOT NULL,
    _observed_at      timestamptz NOT NULL,
    _first_synced_at  timestamptz NOT NULL,
    _last_changed_at  timestamptz NOT NULL,
    _run_id           bigint
);

CREATE TABLE ${schema}.sync_state (
    stream_id       text PRIMARY KEY,
    operator_id     text,
    field           text NOT NULL CHECK (field IN ('created_at', 'completed_at', 'postprocessed_at')),
    watermark       timestamptz,
    window_start    timestamptz,
    window_end      timestamptz,
    resume_cursor   text,
    last_run_id     bigint,
    last_status     text CHECK (last_status IN ('succeeded', 'failed')),
    last_success_at timestamptz,
    last_error      text,
    updated_at      timestamptz NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE ${schema}.sync_runs_seq;
CREATE TABLE ${schema}.sync_runs (
    run_id                  bigint PRIMARY KEY DEFAULT nextval('${schema}.sync_runs_seq'),
    kind                    text NOT NULL CHECK (kind IN ('sync', 'backfill', 'replay')),
    status                  text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at              timestamptz NOT NULL DEFAULT current_timestamp,
    finished_at             timestamptz,
    window_start            timestamptz,
    window_end              timestamptz,
    streams                 integer NOT NULL DEFAULT 0,
    pages                   integer NOT NULL DEFAULT 0,
    requests                integer NOT NULL DEFAULT 0,
    retries                 integer NOT NULL DEFAULT 0,
    fetched                 bigint NOT NULL DEFAULT 0,
    inserted                bigint NOT NULL DEFAULT 0,
    updated                 bigint NOT NULL DEFAULT 0,
    unchanged               bigint NOT NULL DEFAULT 0,
    dead_lettered           bigint NOT NULL DEFAULT 0,
    rate_limit_wait_seconds double NOT NULL DEFAULT 0,
    error                   text,
    host                    text,
    pid                     bigint
);

CREATE SEQUENCE ${schema}.dead_letters_seq;
CREATE TABLE ${schema}.dead_letters (
    id              bigint PRIMARY KEY DEFAULT nextval('${schema}.dead_letters_seq'),
    first_seen_at   timestamptz NOT NULL DEFAULT current_timestamp,
    last_seen_at    timestamptz NOT NULL DEFAULT current_timestamp,
    stage           text NOT NULL CHECK (stage IN ('fetch', 'transform', 'load')),
    operator_id     text,
    conversation_id text,
    http_status     integer,
    error_code      text,
    transient       boolean,
    message         text,
    request         text,
    payload         text,
    attempts        integer NOT NULL DEFAULT 1,
    run_id          bigint,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
    resolved_at     timestamptz,
    resolution      text
);
