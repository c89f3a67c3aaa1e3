-- Binds: stream_id. The run holding the stream, and the process running it.
SELECT l.run_id, r.kind, r.instance, l.taken_at FROM ${schema}.stream_leases l
JOIN ${schema}.sync_runs r ON r.run_id = l.run_id WHERE l.stream_id = ?
