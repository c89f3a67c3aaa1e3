-- Binds: backfill_id.
SELECT b.backfill_id, b.range_start, b.range_end, b.operator_id, b.window_seconds, b.status, b.requested_by, b.run_id,
       b.created_at, b.finished_at, b.error, r.status AS run_status, r.started_at AS run_started_at, r.fetched AS run_fetched,
       coalesce(b.windows, (SELECT count(*) FROM ${schema}.backfill_windows w WHERE w.backfill_id = b.backfill_id)) AS windows,
       (SELECT count(*) FROM ${schema}.backfill_windows w WHERE w.backfill_id = b.backfill_id AND w.status = 'done') AS windows_done,
       (SELECT coalesce(sum(w.fetched), 0) FROM ${schema}.backfill_windows w WHERE w.backfill_id = b.backfill_id) AS fetched
FROM ${schema}.backfills b LEFT JOIN ${schema}.sync_runs r ON r.run_id = b.run_id
WHERE b.backfill_id = ?
