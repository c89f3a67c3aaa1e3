-- Binds: this instance's id, now (epoch milliseconds, the clock Quartz's check-ins are written with). The running
-- backfills accepted over the admin API that no instance runs any more: their run was closed (the instance stopped
-- and left it to the cluster, or the run lease expired), or their instance is lost by Quartz's own rule (its last
-- check-in plus its interval plus Quartz's 7.5 s grace has passed, or its check-in row is gone: a survivor deletes
-- it once it recovered the instance). A run still open on this instance is this process's own.
SELECT b.backfill_id, b.instance FROM ${schema}.backfills b LEFT JOIN ${schema}.sync_runs r ON r.run_id = b.run_id
WHERE b.status = 'running' AND b.requested_by = 'api' AND b.instance IS NOT NULL
  AND (r.status IS DISTINCT FROM 'running'
       OR (b.instance <> ?
           AND NOT EXISTS (SELECT 1 FROM ${schema}.qrtz_scheduler_state s
                           WHERE s.instance_name = b.instance AND s.last_checkin_time + s.checkin_interval + 7500 >= ?)))
ORDER BY b.backfill_id
