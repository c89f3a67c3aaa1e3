-- Binds: stream_id, run_id. One row when the run took the stream; none when a running run holds it.
INSERT INTO ${schema}.stream_leases (stream_id, run_id) VALUES (?, ?) ON CONFLICT (stream_id) DO NOTHING
