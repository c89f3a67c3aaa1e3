-- Binds: this instance's id, now (epoch milliseconds, the clock Quartz's check-ins are written with). The backfills
-- accepted over the admin API whose instance is lost by Quartz's own rule: its last check-in plus its interval plus
-- Quartz's 7.5 s grace has passed, or its check-in row is gone (a survivor deletes it once it recovered the instance).
SELECT b.backfill_id, b.instance FROM ${schema}.backfills b
WHERE b.status = 'running' AND b.requested_by = 'api' AND b.instance IS NOT NULL AND b.instance <> ?
  AND NOT EXISTS (SELECT 1 FROM ${schema}.qrtz_scheduler_state s
                  WHERE s.instance_name = b.instance AND s.last_checkin_time + s.checkin_interval + 7500 >= ?)
ORDER BY b.backfill_id
