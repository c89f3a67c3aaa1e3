-- One row per stream being loaded, naming the run that loads it: a stream is loaded by one run at a time, whatever
-- started it (run on any instance, sync from cron). A lease whose run is no longer running (it finished, or was
-- closed as lost when its heartbeat lapsed) is free to take. streams_skipped counts the streams a run found
-- held by another and left to it.
CREATE TABLE ${schema}.stream_leases (
    stream_id text PRIMARY KEY,
    run_id    bigint NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ${schema}.sync_runs ADD COLUMN streams_skipped integer DEFAULT 0;
