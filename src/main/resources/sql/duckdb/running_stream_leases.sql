-- Every stream being loaded now, by the process loading it (state show).
SELECT l.stream_id, r.instance, l.run_id FROM ${schema}.stream_leases l
JOIN ${schema}.sync_runs r ON r.run_id = l.run_id WHERE r.status = 'running'
