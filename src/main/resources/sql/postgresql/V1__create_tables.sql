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
    duration_sec      double precision,
    sentiment         text,
    failure_reason    text,
    zendesk_ticket_id text,
    summary           text,
    scenarios         jsonb,
    custom_fields     jsonb,
    -- json, not jsonb: keeps the exact text the API returned
    _raw              json NOT NULL,
    _api_version      text NOT NULL,
    _payload_hash     text NOT NULL,
    _observed_at      timestamptz NOT NULL,
    _first_synced_at  timestamptz NOT NULL,
    _last_changed_at  timestamptz NOT NULL,
    _run_id           bigint
);
CREATE INDEX conversations_created_at_idx ON ${schema}.conversations (created_at);
CREATE INDEX conversations_completed_at_idx ON ${schema}.conversations (completed_at);
CREATE INDEX conversations_operator_id_idx ON ${schema}.conversations (operator_id, created_at);

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
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${schema}.sync_runs (
    run_id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                    text NOT NULL CHECK (kind IN ('sync', 'backfill', 'replay')),
    status                  text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at              timestamptz NOT NULL DEFAULT now(),
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
    rate_limit_wait_seconds double precision NOT NULL DEFAULT 0,
    error                   text,
    host                    text,
    pid                     bigint
);
CREATE INDEX sync_runs_status_idx ON ${schema}.sync_runs (status);

CREATE TABLE ${schema}.dead_letters (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
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
CREATE INDEX dead_letters_status_idx ON ${schema}.dead_letters (status);
