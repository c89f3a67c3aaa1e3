-- Binds: stream_id, run_id.
DELETE FROM ${schema}.stream_leases WHERE stream_id = ? AND run_id = ?
